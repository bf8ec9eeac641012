CREATE TABLE `pending_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`chat_id` text NOT NULL,
	`org_code` text NOT NULL,
	`year` integer,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pending_imports_expires` ON `pending_imports` (`expires_at`);