"""A guardian signs for an adult member who cannot sign (issue 11, item 6; webapp/domain/
guardians.py), and a village assistant witnesses an in-person consent typed on their phone.

signatures (append-only) gains, for a row with signer_role 'guardian': whom the guardian signed
for (signed_for, the member's name; member_index says which member), the guardian's relation
to the member (guardian_relation, a key of guardians.RELATIONS) and why the member cannot sign
(unable_reason, in words as shown). A row with method 'assistant_witnessed' keeps the
assistant's typed witness line in the existing witness column.
"""


def migrate(db):
    signatures = db["signatures"]
    signatures.add_column("signed_for", str)
    signatures.add_column("guardian_relation", str)
    signatures.add_column("unable_reason", str)
