"""Services, one per workflow: they take a step of a procedure, in one transaction, through
the store (webapp/store/) and the domain rules (webapp/domain/). No Flask request handling here."""
