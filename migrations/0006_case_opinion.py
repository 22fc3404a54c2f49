"""The township's preliminary opinion on a case: category, monthly amount, and the calculation
with the policy parameters it used."""


def migrate(db):
    cases = db["cases"]
    cases.add_column("category", str)
    cases.add_column("monthly_amount_fen", int)
    cases.add_column("household_size", int)
    cases.add_column("assessment", str)  # JSON: the lines of the calculation and the parameters
    db["objections"].create(
        {"id": int, "case_id": int, "at": str, "text": str, "contact": str, "client_address": str},
        pk="id", foreign_keys=[("case_id", "cases", "id")],
    )
    db["objections"].create_index(["case_id"])
