import { describe, expect, it } from 'vitest';
import { assignScheduleSettings, describeScheduleSettings, parseScheduleSettings } from '../../src/domain/settings.ts';

describe('assignScheduleSettings', () => {
  it('reads values as their key holds them and keeps what was stored', () => {
    const result = assignScheduleSettings({ escalateAfterDays: 10 }, [
      'digestTime=08:15',
      'remindBeforeDays=14,7,1',
      'skipWeekends=false',
      'digestWeekday=5',
    ]);
    expect(result).toEqual({
      ok: true,
      schedule: {
        escalateAfterDays: 10,
        digestTime: '08:15',
        remindBeforeDays: [14, 7, 1],
        skipWeekends: false,
        digestWeekday: 5,
      },
    });
    const settings = describeScheduleSettings(
      parseScheduleSettings({ schedule: result.ok ? result.schedule : {} }).settings,
    );
    expect(settings).toMatchObject({
      digestTime: '08:15',
      quietHoursStart: '21:00',
      remindBeforeDays: [14, 7, 1],
      escalateAfterDays: 10,
    });
  });

  it.each([
    [['digestTime=25:00'], 'digestTime'],
    [['digestWeekday=8'], 'digestWeekday'],
    [['remindBeforeDays=7,x'], 'remindBeforeDays'],
    [['bogus=1'], 'bogus: unknown'],
    [['digestTime'], 'KEY=VALUE'],
  ])('refuses %j', (assignments, why) => {
    const result = assignScheduleSettings({}, assignments);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.issues.join(';')).toContain(why);
  });
});
