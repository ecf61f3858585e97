-- Waiting for the customer (issue 12, item 5; SPEC D4, A7): a case type may say that the legal
-- term is interrupted while the case waits for the customer (a missing document asked of them,
-- and later an information request to them), and the term runs again by itself once nothing
-- more is awaited from them.

-- On case types (`kind = 'case_type'`) only: 1 when asking the customer for something stops the
-- case's clock. Other catalog entries keep 0.
ALTER TABLE catalog_entries ADD COLUMN pauses_for_customer BIGINT NOT NULL DEFAULT 0;

-- On a stopped clock (`paused_at` set): 1 when it stopped because the case waits for the
-- customer, which the customer's answer undoes; 0 for a stop by hand, which only a person
-- undoes. Cleared when the clock runs again.
ALTER TABLE cases ADD COLUMN paused_for_customer BIGINT NOT NULL DEFAULT 0;
