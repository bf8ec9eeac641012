/**
 * The demo's organisation, units, people and chats. Chats are simulated Telegram groups with
 * fixed ids, named by handles the user types (`/as officer @phong-vhxh`).
 */
export const DEMO_ORG = { code: 'TM', name: 'UBND phường Tứ Minh' } as const;
export const DEMO_PLAN_FILE = 'sample-plan.txt';
/** Monday 02/03/2026 08:00 in Vietnam: the first quarter's deadlines are four weeks away. */
export const DEMO_START = '2026-03-02T08:00:00+07:00';

export interface DemoUnit {
  code: string;
  name: string;
  aliases: string[];
  handle: string;
  chatId: string;
}

export const DEMO_UNITS: readonly DemoUnit[] = [
  {
    code: 'VHXH',
    name: 'Phòng Văn hóa - Xã hội',
    aliases: ['Phòng Văn hoá - Xã hội'],
    handle: 'phong-vhxh',
    chatId: '-1001',
  },
  {
    code: 'KT',
    name: 'Phòng Kinh tế, Hạ tầng và Đô thị',
    aliases: ['Phòng Kinh tế'],
    handle: 'phong-kt',
    chatId: '-1002',
  },
  { code: 'VP', name: 'Văn phòng HĐND và UBND', aliases: ['Văn phòng'], handle: 'van-phong', chatId: '-1003' },
  {
    code: 'TTHCC',
    name: 'Trung tâm Phục vụ hành chính công',
    aliases: ['Trung tâm phục vụ hành chính công phường'],
    handle: 'trung-tam',
    chatId: '-1004',
  },
];

/** The leaders' and secretary's group. */
export const ORG_CHAT = { handle: 'org', chatId: '-1000' } as const;
/** `@private`: the speaker's private chat with the bot (its id is the speaker's user id). */
export const PRIVATE_HANDLE = 'private';

export interface DemoPerson {
  /** What `/as` takes. */
  role: string;
  userId: string;
  name: string;
  grant?: { role: 'officer' | 'leader' | 'secretary' | 'admin'; unit?: string };
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { role: 'officer', userId: '101', name: 'Nguyễn Thị Lan', grant: { role: 'officer', unit: 'VHXH' } },
  { role: 'officer-kt', userId: '102', name: 'Phạm Văn Hùng', grant: { role: 'officer', unit: 'KT' } },
  { role: 'leader', userId: '201', name: 'Trần Văn Minh', grant: { role: 'leader' } },
  { role: 'secretary', userId: '301', name: 'Lê Thu Hà', grant: { role: 'secretary' } },
  { role: 'stranger', userId: '999', name: 'Người lạ' },
];
