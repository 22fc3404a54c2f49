"""What the notice letter lists: RULES.md "The 告知承诺 flow" (000… 一(二)): the office tells the
applicant in writing, once, which proofs would be needed and what they must show."""

from webapp.domain.proofs import (
    CATALOGUE,
    HOUSEHOLD_RULES,
    MEMBER_RULES,
    WHOLE_HOUSEHOLD,
    Proof,
    required_proofs,
)


def plain_household(**sections) -> dict:
    """Answers of a two-person household with nothing unusual, changed by the given sections."""
    answers = {
        "applicant": {"name": "王秀英", "id_number": "11010519491231002X", "phone": "13800138000"},
        "residence": {"county": "某县", "township": "某镇", "village": "某村", "hukou_same": "yes"},
        "consent": {"sensitive": "yes"},
        "members": [
            {"name": "王秀英", "relation": "self", "serious_illness": "no", "work": "farming"},
            {"name": "李建国", "relation": "spouse", "serious_illness": "no", "work": "retired"},
        ],
        "income": {"0": {}, "1": {"transfers": 120000}},
        "property": {"houses": 1, "vehicles": 0, "deposits": 0, "business": "no"},
        "spending": {"medical": 0, "education": 0},
        "situation": {"what_happened": "", "help": []},
    }
    answers.update(sections)
    return answers


def ids(proofs: list[Proof]) -> list[str]:
    """The proof ids in the order listed."""
    return [proof.id for proof in proofs]


def test_plain_household_is_asked_only_for_hukou_booklet_and_id_cards():
    assert ids(required_proofs(plain_household())) == ["hukou_and_ids"]


def test_hukou_booklet_and_id_cards_are_listed_even_for_empty_answers():
    assert required_proofs({}) == [
        Proof(
            "hukou_and_ids",
            CATALOGUE["hukou_and_ids"].name,
            CATALOGUE["hukou_and_ids"].must_show,
            WHOLE_HOUSEHOLD,
        )
    ]


def test_hukou_elsewhere_asks_for_proof_of_residence():
    answers = plain_household(residence={"hukou_same": "no", "hukou_place": "某省某县"})

    assert "residence" in ids(required_proofs(answers))


def test_disabled_member_yields_a_disability_certificate_naming_that_member():
    answers = plain_household()
    answers["members"][1].update(disability_kind="physical", disability_grade="2")

    certificates = [p for p in required_proofs(answers) if p.id == "disability_certificate"]

    assert [p.who for p in certificates] == ["李建国"]
    assert "残疾类别" in certificates[0].must_show and "等级" in certificates[0].must_show


def test_seriously_ill_member_yields_a_diagnosis_naming_that_member():
    answers = plain_household()
    answers["members"][0].update(serious_illness="yes", illness_name="尿毒症")

    diagnoses = [p for p in required_proofs(answers) if p.id == "illness_diagnosis"]

    assert [p.who for p in diagnoses] == ["王秀英"]


def test_member_with_wages_yields_a_wage_statement_for_the_last_12_months():
    answers = plain_household(income={"1": {"wages": 2400000}})

    statements = [p for p in required_proofs(answers) if p.id == "wage_statement"]

    assert [p.who for p in statements] == ["李建国"]
    assert "12个月" in statements[0].must_show


def test_farming_income_yields_one_income_statement_per_member():
    answers = plain_household(income={"0": {"farming": 300000, "business": 100000}})

    assert ids(required_proofs(answers)).count("business_farming_statement") == 1


def test_support_from_relatives_yields_the_support_agreement():
    answers = plain_household(income={"0": {"support": 240000}})

    assert "support_agreement" in ids(required_proofs(answers))


def test_employment_costs_yield_receipts():
    answers = plain_household(income={"0": {"wages": 100000, "employment_costs": 20000}})

    assert "employment_costs_receipts" in ids(required_proofs(answers))


def test_one_house_needs_no_proof_but_a_second_one_does():
    answers = plain_household(property={"houses": 2})

    assert "house_deeds" in ids(required_proofs(answers))


def test_vehicle_deposits_and_business_each_yield_their_proof():
    answers = plain_household(
        property={"houses": 1, "vehicles": 1, "deposits": 500000, "business": "yes"}
    )

    assert ids(required_proofs(answers))[1:] == [
        "vehicle_licence",
        "deposit_statement",
        "business_licence",
    ]


def test_medical_spending_yields_bills_after_insurance_reimbursement():
    answers = plain_household(spending={"medical": 3000000, "education": 0})

    bills = [p for p in required_proofs(answers) if p.id == "medical_bills"]

    assert [p.who for p in bills] == [WHOLE_HOUSEHOLD]
    assert "报销" in bills[0].must_show


def test_education_spending_yields_school_bills():
    answers = plain_household(spending={"education": 800000})

    assert "education_bills" in ids(required_proofs(answers))


def test_member_without_a_name_is_named_by_position():
    answers = plain_household()
    answers["members"][1] = {"disability_kind": "visual", "disability_grade": "1"}

    certificates = [p for p in required_proofs(answers) if p.id == "disability_certificate"]

    assert certificates[0].who == "第2位家庭成员"


def test_proofs_follow_the_catalogue_order():
    answers = plain_household(
        spending={"medical": 100, "education": 100},
        property={"houses": 3},
        income={"0": {"wages": 100}},
        residence={"hukou_same": "no"},
    )
    answers["members"][0]["disability_kind"] = "hearing"

    listed = ids(required_proofs(answers))

    assert listed == [proof_id for proof_id in CATALOGUE if proof_id in listed]


def test_every_catalogue_entry_has_exactly_one_rule():
    assert sorted(CATALOGUE) == sorted([*HOUSEHOLD_RULES, *MEMBER_RULES])
    assert not set(HOUSEHOLD_RULES) & set(MEMBER_RULES)


def test_every_must_show_is_one_sentence():
    for kind in CATALOGUE.values():
        assert kind.must_show.endswith("。") and kind.must_show.count("。") == 1, kind.name
