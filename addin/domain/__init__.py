"""Pure business rules from domain.md, shared by checks and computations."""
