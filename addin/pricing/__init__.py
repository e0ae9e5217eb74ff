"""The quote calculator: policy, price waterfall, approval ladder, gifts, quotes."""
