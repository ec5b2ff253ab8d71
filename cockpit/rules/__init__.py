"""Every rule of DOMAIN.md, once: pure functions over plain values and snapshots (no database, no Qt).

Reports call these to show a rule; services call the same function to enforce it. A rule that
needs a reason or a confirmation makes the service raise ``NeedsReason`` / ``NeedsConfirmation``
after every other check, and the UI asks and retries (``ui.hub.Hub.run``); the UI never checks a
rule itself. Thresholds are per plan (Edit ▸ Plan Rules), defaults in ``thresholds``.

Index: rule → function (in this package) → DOMAIN.md section → tests (in tests/core/).

* One-sentence problem statement: ``statement.check_statement``
  — DOMAIN.md “Release (the plan)” — test_rules.py
* One target date, the backup after it: ``dates.date_problems, dates.date_warnings``
  — DOMAIN.md “Release (the plan)” — test_rules.py, test_dates_timeline.py
* Moving the finish line is logged: ``dates.follow_go_no_go, dates.first_target; services.release.set_dates``
  (the first target set while planning sets the line, it does not move it)
  — DOMAIN.md “Release (the plan)” — test_dates_timeline.py, test_service_rules.py, test_services.py
* A missed scope freeze: ``dates.freeze_overdue`` (the timeline's warning and its ⚠ late mark)
  — DOMAIN.md “Scope item: Freeze” — test_timeline.py
* Gaps in the roles: ``ownership.role_gaps, ownership.role_warnings`` (the Overview links each to its picker)
  — DOMAIN.md “Ownership” — test_one_truth.py, test_overview.py
* Scope freeze: testing and every phase after: ``scope.scope_frozen, scope.needs_override, scope.default_lane``
  — DOMAIN.md “Scope item: Freeze” — test_one_truth.py, test_service_rules.py, test_board_overview_reports.py
* The three checks: ``scope.failed_checks, scope.CHECKS``
  — DOMAIN.md “Scope item” — test_rules.py, test_services.py
* No refactor, side work or polish in a rescue: ``scope.rescue_warning``
  — DOMAIN.md “Scope item” — test_rules.py
* Fit against capacity: ``scope.fit, scope.working_days``
  — DOMAIN.md “Scope item: Fit” — test_rules.py
* A team is never an owner: ``people.team_label_problem``
  — DOMAIN.md “People and ownership” — test_rules.py, test_one_truth.py
* Release roles, one name each: ``ownership.role_warnings, ownership.spread_problem``
  — DOMAIN.md “People and ownership” — test_rules.py, test_owners.py
* Unfinished work has one named owner: ``work.unowned_work, work.open_work``
  — DOMAIN.md “People and ownership” — test_one_truth.py, test_owners.py
* Loaded beyond capacity: ``ownership.overloaded, ownership.capacity_to_target``
  — DOMAIN.md “People and ownership” — test_rules.py, test_owners_property.py
* The 15-minute ownership meeting: ``ownership.check_in_questions``
  — DOMAIN.md “People and ownership” — test_owners.py
* What blocks today: ``work.blockage, work.open_blockers, work.blocked_work``
  — DOMAIN.md “Four-week timeline: Daily check-in” — test_one_truth.py, test_board_overview_reports.py
* Milestones in order: ``dates.milestone_problems, dates.milestone_warnings``
  — DOMAIN.md “Four-week timeline” — test_dates_timeline.py, test_service_rules.py
* Planned vs done, behind reported at once: ``progress.burn_up, progress.progress``
  — DOMAIN.md “Four-week timeline: Visible progress” — test_progress.py
* Changes per week, finish-line moves: ``progress.churn, progress.stability``
  — DOMAIN.md “Four-week timeline: Plan stability” — test_progress.py, test_settings.py
* Triggers: condition, threshold and window: ``rollback.trigger_complete, rollback.trigger_sentence``
  — DOMAIN.md “Rollback: Triggers” — test_readiness.py
* A short runbook: ``rollback.runbook_too_long``
  — DOMAIN.md “Rollback: Runbook” — test_readiness.py
* Rehearsed within the window before launch: ``rollback.rehearsed, rollback.rehearsal_cutoff``
  — DOMAIN.md “Rollback: Drills” — test_readiness.py
* Go only when all five pass: ``gonogo.answer_problem … gonogo.answer_stakeholders, gonogo.verdict``
  — DOMAIN.md “Go / no-go” — test_gonogo.py
* The same blocker twice is the system: ``retro.recurring_groups, retro.recurring_ids, retro.blocker_refs``
  — DOMAIN.md “Retrospective” — test_cycles_retro.py, test_timeline.py, test_one_truth.py

Rollback readiness as a whole (kit, database change, people, drill time) is assembled from these in
``cockpit.reports.readiness``; the brief's priorities and summarising in ``cockpit.reports.brief``.
"""
