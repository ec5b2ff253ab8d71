"""The stakeholder note: drafted from the data, blame-free, and marking it sent answers question 5."""

from __future__ import annotations

import re

import pytest
from _support import TARGET, count, refused

from cockpit.errors import ValidationError
from cockpit.reader import read_live
from cockpit.reports.gonogo import go_no_go
from cockpit.reports.note import CUT_LIMIT, draft_note
from cockpit.services import review, scope
from cockpit.services.core import undo


def test_draft_says_what_was_cut_and_why_dates_and_owners(plan, release_id):
    text = draft_note(read_live(plan, release_id))
    assert "SSO with Okta: Second job: customers can finish paying without it" in text
    assert "Scheduled report emails: Not needed to pay an invoice" in text
    assert "Thursday 10 December 2026" in text  # the date being protected
    assert "Backup date: Thursday 17 December 2026" in text
    assert "Scope (what stays, what goes): Maya Chen" in text
    assert "Calls a rollback: Tom Okafor" in text
    assert "go/no-go review on Wed 09 Dec" in text
    assert "4 rollback triggers" in text  # the remediation is concrete
    assert "That is on us as a team" in text


@pytest.mark.parametrize("word", ["fault", "blame", "because of", "failed to", "sorry"])
def test_draft_is_blame_free(plan, release_id, word):
    assert not re.search(rf"\b{word}\b", draft_note(read_live(plan, release_id)), re.IGNORECASE)


def test_long_cut_lists_are_summarised(plan, release_id):
    ids = [scope.add_item(plan, release_id, f"Extra {n}", lane="parked").result for n in range(CUT_LIMIT + 5)]
    scope.move_items(plan, ids, "cut", reason="Not needed for the one job")
    text = draft_note(read_live(plan, release_id))
    assert f"and {3 + CUT_LIMIT + 5 - CUT_LIMIT} more items" in text


def test_note_edit_and_sent_answer_question_five(plan, release_id):
    refused(plan, ValidationError, "Write the stakeholder note",
            lambda: review.mark_note_sent(plan, release_id, TARGET))
    review.set_note(plan, release_id, draft_note(read_live(plan, release_id)))
    assert "not marked as sent" in go_no_go(read_live(plan, release_id)).answer("stakeholders").evidence
    sent = review.mark_note_sent(plan, release_id, TARGET)
    answer = go_no_go(read_live(plan, release_id)).answer("stakeholders")
    assert answer.passed and "Thu 10 Dec 2026" in answer.evidence
    assert go_no_go(read_live(plan, release_id)).note_sent_on == TARGET
    rows = count(plan, "change_log", "area <> 'undo'")  # a team plan keeps a record of the undo too
    undo(plan, sent)
    assert not go_no_go(read_live(plan, release_id)).answer("stakeholders").passed
    assert count(plan, "change_log", "area <> 'undo'") == rows - 1
