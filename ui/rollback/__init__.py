"""The rollback view: triggers, the last stable version kit, the runbook, timed drills, readiness."""
