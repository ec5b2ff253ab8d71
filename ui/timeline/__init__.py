"""The four-week timeline view: milestones, daily check-ins, progress and plan stability."""
