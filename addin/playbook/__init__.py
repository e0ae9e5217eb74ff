"""The rest of the seller's playbook (issue 24): referrals, trade-show leads, stage messages, cases, complaint review.

Pure rules over tables + settings + the deadline engine's Rules (clock and calendar); no file, no Excel.
"""
