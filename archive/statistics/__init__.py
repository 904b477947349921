"""Digitisation statistics: indicators by unit and period, their cases, checks, sign-off and export.

Definitions chosen where the reporting rules are silent (kept in `definitions.py`, the one place
they are encoded):

- Period: inclusive dates. Statistical year N = 1 Dec N-1 .. 30 Nov N; half-years N-H1 = 1 Dec .. 31 May,
  N-H2 = 1 Jun .. 30 Nov; months are calendar months (YYYY-MM); or any from/to.
- A case file is digitised when a person marked it complete (`digitised_marked_at` set), or its declared
  folio count is positive and the page rows of its documents with status "done" reach that count.
  The state is the one at the time the report is computed (a later scan changes an unsigned report).
- `criminal_hearings_digital_evidence`: denominator = HS cases with `trial_on` in the period; numerator =
  those with at least one hearing held in the period that used digitised evidence (the hearing is marked
  so, or an exhibit set was presented at it). Hearings outside the period do not count.
- `civil_admin_files_digitised`: DS, HC, KDTM, LĐ, HNGĐ cases with `registered_on` in the period; numerator =
  those whose file is digitised.
- `corruption_files_digitised`: corruption/position-abuse cases handled in the period = registered on or
  before the period's end and not tried before its start (no `trial_on`, or `trial_on` on/after the start);
  numerator = those whose file is digitised.
- Ratio = numerator / denominator, null when the denominator is 0; `met` = ratio >= target, null with it.
- Units: a unit's figures include the cases of every unit whose parent or successor chain reaches it.
"""
