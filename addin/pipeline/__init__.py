"""The pipeline and approvals rules (domain.md "Pipeline and approvals"): pure, no file, no Excel."""
