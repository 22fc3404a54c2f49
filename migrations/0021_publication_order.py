"""A village's publication list is read a page at a time in the order of the names: an index
that gives that order for one state of one village."""


def migrate(db):
    db["cases"].create_index(["village_code", "state", "applicant_name", "id"])
