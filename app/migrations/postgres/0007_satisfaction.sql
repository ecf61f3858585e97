-- What the customer said when customer service validated the result (SPEC I3): 1 to 5 and a comment.
ALTER TABLE cases ADD COLUMN satisfaction BIGINT;
ALTER TABLE cases ADD COLUMN satisfaction_comment TEXT;
