ALTER TABLE `outbox` ADD `priority` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `assignment_id` integer;--> statement-breakpoint
CREATE INDEX `outbox_urgent` ON `outbox` (`platform`,`status`,`priority`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_assignment` ON `outbox` (`assignment_id`);