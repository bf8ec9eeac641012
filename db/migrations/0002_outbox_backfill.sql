-- Custom SQL migration file, put your code below! ---- Rows written before 0001: replies and requested report files were told apart by their key prefix;
-- a reminder named its assignment only inside context.
UPDATE `outbox` SET `priority` = 0 WHERE `dedupe_key` LIKE 'reply:%' OR (`dedupe_key` LIKE 'report:%' AND `payload` LIKE '%"kind":"document"%');--> statement-breakpoint
UPDATE `outbox` SET `priority` = 1 WHERE `dedupe_key` LIKE 'chat-gone:%' OR `dedupe_key` LIKE 'zalo.reauth.%';--> statement-breakpoint
UPDATE `outbox` SET `assignment_id` = json_extract(`context`, '$.assignmentId') WHERE `context` IS NOT NULL AND json_extract(`context`, '$.assignmentId') IS NOT NULL;--> statement-breakpoint
UPDATE `outbox` SET `status` = 'cancelled' WHERE `status` = 'failed' AND `last_error` LIKE 'cancelled:%';
