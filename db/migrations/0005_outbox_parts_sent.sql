ALTER TABLE `outbox` ADD `parts_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_chat_head` ON `outbox` (`platform`,`status`,`chat_id`,`thread_id`,`id`);