-- SPEC A9: the kinds of request a customer may file from the portal. A case type marked so is
-- offered in the portal's form when the customer files a request; its case is opened with that
-- type, so the type's approval rule (always_approve) and deadlines apply from the start.
ALTER TABLE catalog_entries ADD COLUMN filed_by_customers BIGINT NOT NULL DEFAULT 0;
