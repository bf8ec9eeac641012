/**
 * The draft report as an administrative document in the layout of Decree 30/2020/NĐ-CP:
 * the organisation and number on the left, the national motto on the right, place and date,
 * the title, sections I-IV, the recipients and signature block, and the progress table as an
 * appendix on landscape pages. Times New Roman throughout. What the data cannot know is a
 * yellow-highlighted "[Thư ký bổ sung: …]" for the secretary to fill in.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HighlightColor,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import {
  docAbbrOf,
  placeOf,
  romanQuarter,
  type ProgressLine,
  type ReportContent,
  type TaskOutcome,
  type TopicResult,
} from '../domain/report-content.ts';
import { formatVnDate, parseIsoDate } from '../domain/time.ts';
import type { Translate } from '../i18n.ts';
import { evidenceText, noteText } from './xlsx.ts';

const FONT = 'Times New Roman';
/** Half-points. */
const SIZE_BODY = 28;
const SIZE_HEADER = 26;
const SIZE_SMALL = 24;
const SIZE_TABLE = 22;
const SIZE_RECIPIENTS = 22;

/** Twips (1/1440 inch; 1 mm ≈ 56.7). A4 with the Decree's margins: 20 mm top/bottom, 30 left, 15 right. */
const A4_WIDTH = 11_906;
const A4_HEIGHT = 16_838;
const MM = 56.7;
const PORTRAIT_MARGIN = {
  top: Math.round(20 * MM),
  bottom: Math.round(20 * MM),
  left: Math.round(30 * MM),
  right: Math.round(15 * MM),
};
const LANDSCAPE_MARGIN = {
  top: Math.round(20 * MM),
  bottom: Math.round(15 * MM),
  left: Math.round(20 * MM),
  right: Math.round(15 * MM),
};
const PORTRAIT_TEXT_WIDTH = A4_WIDTH - PORTRAIT_MARGIN.left - PORTRAIT_MARGIN.right;
const LANDSCAPE_TEXT_WIDTH = A4_HEIGHT - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;
const FIRST_LINE_INDENT = 567;
/** Evidence names listed in the body per task; the appendix lists them all. */
const BODY_EVIDENCE_LIMIT = 5;

const FILL_DONE_LATE = 'FFE699';
const FILL_OVERDUE = 'F8CBAD';
const FILL_HEADER = 'D9E1F2';

type Run = TextRun;

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  underline?: boolean;
}

function run(text: string, style: RunStyle = {}): Run {
  return new TextRun({
    text,
    font: FONT,
    size: style.size ?? SIZE_BODY,
    bold: style.bold ?? false,
    italics: style.italics ?? false,
    ...(style.underline ? { underline: {} } : {}),
  });
}

/** A clearly marked gap for the secretary. */
function blankRun(t: Translate, what: string, size = SIZE_BODY): Run {
  return new TextRun({
    text: t('report:blank', { what }),
    font: FONT,
    size,
    italics: true,
    highlight: HighlightColor.YELLOW,
  });
}

interface ParaOptions {
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  indent?: boolean;
  before?: number;
  after?: number;
  keepNext?: boolean;
}

function para(children: Run[], options: ParaOptions = {}): Paragraph {
  return new Paragraph({
    children,
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent === false ? undefined : { firstLine: FIRST_LINE_INDENT },
    spacing: { before: options.before ?? 0, after: options.after ?? 120, line: 276 },
    keepNext: options.keepNext ?? false,
  });
}

function text(value: string, style: RunStyle = {}, options: ParaOptions = {}): Paragraph {
  return para([run(value, style)], options);
}

function heading(value: string): Paragraph {
  return text(value, { bold: true }, { before: 120, keepNext: true });
}

function centered(children: Run[], after = 0): Paragraph {
  return para(children, { align: AlignmentType.CENTER, indent: false, after });
}

function periodText(t: Translate, content: ReportContent): string {
  return content.period.quarter === null
    ? t('report:period.year', { year: content.period.year })
    : t('report:period.quarter', { year: content.period.year, quarter: romanQuarter(content.period.quarter) });
}

function abbrOf(content: ReportContent): string {
  return docAbbrOf(content.org.name) ?? '……';
}

/** The two-column title block of Decree 30: organisation and number | motto, place and date. */
function titleBlock(t: Translate, content: ReportContent): Table {
  const { month, year } = parseIsoDate(content.asOf);
  const place = placeOf(content.org.name);
  const left = [
    centered([run(content.org.name.toLocaleUpperCase('vi'), { bold: true, size: SIZE_HEADER, underline: true })], 120),
    centered([run(t('report:doc.number', { abbr: abbrOf(content) }), { size: SIZE_HEADER })]),
  ];
  const placeDate = t('report:doc.placeDate', { place: '\u0000', month: String(month).padStart(2, '0'), year });
  const [before, after] = placeDate.split('\u0000');
  const right = [
    centered([run(t('report:doc.nation'), { bold: true, size: SIZE_SMALL })]),
    centered([run(t('report:doc.motto'), { bold: true, size: SIZE_BODY, underline: true })], 240),
    centered([
      run(before ?? '', { italics: true }),
      place ? run(place, { italics: true }) : blankRun(t, t('report:doc.place')),
      run(after ?? '', { italics: true }),
    ]),
  ];
  // The block is wider than the text: the motto's line must not wrap (Decree 30 puts it in 12-13 pt).
  const blockWidth = PORTRAIT_TEXT_WIDTH + 500;
  const leftWidth = Math.round(blockWidth * 0.4);
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({
      children,
      width: { size: width, type: WidthType.DXA },
      borders: TableBorders.NONE,
      margins: { left: 0, right: 0 },
    });
  return new Table({
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, blockWidth - leftWidth)] })],
    indent: { size: -250, type: WidthType.DXA },
    width: { size: blockWidth, type: WidthType.DXA },
    columnWidths: [leftWidth, blockWidth - leftWidth],
    borders: TableBorders.NONE,
    layout: TableLayoutType.FIXED,
  });
}

/** A plan title after "Kế hoạch … về": without its own "Kế hoạch", first letter in lower case. */
function planSubject(title: string): string {
  const rest = title.replace(/^\s*k[ếe] ho[ạa]ch\s+/iu, '').trim();
  return rest.charAt(0).toLocaleLowerCase('vi') + rest.slice(1);
}

/** A task title inside a sentence: without the full stop some plans end it with. */
function inline(title: string): string {
  return title.replace(/[\s.;,:]+$/u, '');
}

function unitNames(units: readonly { name: string }[]): string {
  return units.map((u) => u.name).join(', ');
}

function evidenceSentence(t: Translate, task: TaskOutcome): string {
  if (task.evidence.length === 0) return task.output ? t('report:doc.evidenceNone', { output: task.output }) : '';
  const shown = task.evidence.slice(0, BODY_EVIDENCE_LIMIT);
  const rest = task.evidence.length - shown.length;
  const files = rest > 0 ? `${shown.join('; ')} ${t('report:moreEvidence', { count: rest })}` : shown.join('; ');
  return t('report:doc.evidence', { files });
}

function resultOf(t: Translate, task: TaskOutcome): string {
  const deadline = task.deadlineText || (task.due ? formatVnDate(task.due) : '');
  if (task.completedOn !== null) {
    const date = formatVnDate(task.completedOn);
    return task.total > 1
      ? t('report:doc.resultDoneUnits', { done: task.done, total: task.total, date })
      : t('report:doc.resultDone', { date });
  }
  if (task.total > 1 && task.done > 0)
    return t('report:doc.resultPartial', { done: task.done, total: task.total, units: unitNames(task.notDoneUnits) });
  if (task.state === 'overdue') return t('report:doc.resultOverdue', { days: task.daysLate, deadline });
  return t('report:doc.resultNotDone', { deadline });
}

function topicParagraphs(t: Translate, topic: TopicResult, index: number): Paragraph[] {
  const out = [heading(t('report:doc.topicHeading', { index, title: t(`report:doc.topic.${topic.key}`) }))];
  if (topic.key === 'internalAudit' || topic.key === 'managementReview') {
    const key = topic.key === 'internalAudit' ? 'report:doc.internalAuditDate' : 'report:doc.managementReviewDate';
    const sentence = t(key, { date: '\u0000' });
    const [before, after] = sentence.split('\u0000');
    out.push(
      para([
        run(before ?? ''),
        topic.date ? run(formatVnDate(topic.date)) : blankRun(t, t('report:doc.dateBlank')),
        run(after ?? ''),
      ]),
    );
  }
  if (topic.tasks.length === 0) {
    out.push(para([run(`${t('report:doc.topicNone')} `), blankRun(t, t('report:doc.topicBlank'))]));
    return out;
  }
  for (const task of topic.tasks) {
    const line = t('report:doc.taskLine', {
      number: task.number,
      title: inline(task.title),
      result: resultOf(t, task),
    });
    const evidence = evidenceSentence(t, task);
    out.push(text(`- ${line}.${evidence ? ` ${evidence}` : ''}`));
  }
  return out;
}

function assessmentList(
  t: Translate,
  title: string,
  tasks: readonly TaskOutcome[],
  showUnits: 'late' | 'notDone' | 'none',
): Paragraph[] {
  const out = [text(title, { bold: true, italics: true }, { keepNext: true })];
  if (tasks.length === 0) out.push(text(t('report:doc.s3Empty')));
  for (const task of tasks) {
    const units = showUnits === 'late' ? task.lateUnits : showUnits === 'notDone' ? task.notDoneUnits : [];
    const suffix = units.length > 0 ? t('report:doc.s3Units', { units: unitNames(units) }) : '';
    out.push(text(t('report:doc.s3Item', { number: task.number, title: inline(task.title), units: suffix })));
  }
  return out;
}

function signatureBlock(t: Translate, content: ReportContent): Table {
  const leftWidth = Math.round(PORTRAIT_TEXT_WIDTH * 0.5);
  const small = (value: string) =>
    para([run(value, { size: SIZE_RECIPIENTS })], { align: AlignmentType.LEFT, indent: false, after: 0 });
  const recipients = [
    para([run(t('report:doc.recipients'), { bold: true, italics: true, size: SIZE_SMALL })], {
      align: AlignmentType.LEFT,
      indent: false,
      after: 0,
    }),
    small(t(content.period.quarter === null ? 'report:doc.recipientYear' : 'report:doc.recipientQuarter')),
    small(t('report:doc.recipientLeaders')),
    small(t('report:doc.recipientArchive')),
  ];
  const signer = [
    centered([blankRun(t, t('report:doc.signerBlank'))], 1_400),
    centered([blankRun(t, t('report:doc.signerNameBlank'))]),
  ];
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: TableBorders.NONE });
  return new Table({
    rows: [new TableRow({ children: [cell(recipients, leftWidth), cell(signer, PORTRAIT_TEXT_WIDTH - leftWidth)] })],
    width: { size: PORTRAIT_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, PORTRAIT_TEXT_WIDTH - leftWidth],
    borders: TableBorders.NONE,
    layout: TableLayoutType.FIXED,
  });
}

/** Relative widths of the appendix columns (same order as the XLSX "Tiến độ" sheet). */
const APPENDIX_WEIGHTS = [4, 24, 10, 11, 8, 9, 8, 10, 12, 8] as const;

function appendixTable(t: Translate, lines: readonly ProgressLine[]): Table {
  const totalWeight = APPENDIX_WEIGHTS.reduce((a, b) => a + b, 0);
  const widths = APPENDIX_WEIGHTS.map((w) => Math.floor((LANDSCAPE_TEXT_WIDTH * w) / totalWeight));
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  const borders = { top: thin, bottom: thin, left: thin, right: thin };
  const cell = (
    value: string,
    width: number,
    options: { bold?: boolean; fill?: string | null; center?: boolean } = {},
  ) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders,
      verticalAlign: options.bold ? VerticalAlignTable.CENTER : VerticalAlignTable.TOP,
      ...(options.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } } : {}),
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: (value === '' ? [''] : value.split('\n')).map(
        (part) =>
          new Paragraph({
            alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [run(part, { size: SIZE_TABLE, bold: options.bold ?? false })],
          }),
      ),
    });
  const headers = [
    t('report:col.number'),
    t('report:col.title'),
    t('report:col.output'),
    t('report:col.lead'),
    t('report:col.support'),
    t('report:col.deadline'),
    t('report:col.completedOn'),
    t('report:col.status'),
    t('report:col.evidence'),
    t('report:col.note'),
  ];
  const headerRow = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headers.map((h, i) => cell(h, widths[i] ?? 0, { bold: true, fill: FILL_HEADER, center: true })),
  });
  const rows = lines.map((line) => {
    const fill = line.status === 'overdue' ? FILL_OVERDUE : line.status === 'done-late' ? FILL_DONE_LATE : null;
    const values = [
      line.number,
      line.title,
      line.output,
      line.lead,
      line.support,
      line.deadlineText || (line.due ? formatVnDate(line.due) : ''),
      line.completedOn ? formatVnDate(line.completedOn) : '',
      t(`report:status.${line.status}`, { days: line.daysLate, due: line.due ? formatVnDate(line.due) : '' }),
      evidenceText(t, line.evidence),
      noteText(t, line),
    ];
    return new TableRow({ children: values.map((v, i) => cell(v, widths[i] ?? 0, { fill, center: i === 0 })) });
  });
  return new Table({
    rows: [headerRow, ...rows],
    width: { size: LANDSCAPE_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
  });
}

function bodyParagraphs(t: Translate, content: ReportContent): (Paragraph | Table)[] {
  const period = periodText(t, content);
  const children: (Paragraph | Table)[] = [];
  const plan = content.plan;
  const planYear = content.period.year;
  // Introduction: "Thực hiện Kế hoạch số …, <org> báo cáo … như sau:"
  // A plan number is usable only when it has one ("Số: /KH-UBND" leaves it blank until signed).
  const planNumber = plan && /^\d/u.test(plan.docNumber) ? plan.docNumber : null;
  const planAbout = plan?.title
    ? t('report:doc.planAbout', { title: planSubject(plan.title) })
    : t('report:doc.planAboutDefault', { year: planYear });
  const intro = t('report:doc.intro', { plan: '\u0000', org: content.org.name, period });
  const [introBefore, introAfter] = intro.split('\u0000');
  children.push(
    para([
      run(introBefore ?? ''),
      run(planNumber ? t('report:doc.planRef', { number: planNumber }) : t('report:doc.planRefNoNumber')),
      ...(planNumber ? [] : [run(' '), blankRun(t, t('report:doc.planNumberBlank'))]),
      run(` ${planAbout}`),
      run(introAfter ?? ''),
    ]),
  );

  children.push(heading(t('report:doc.s1')));
  const asOf = t('report:asOf', { date: formatVnDate(content.asOf) });
  if (content.tasks.length > 0 || plan) {
    children.push(
      text(
        t('report:doc.s1Plan', {
          tasks: content.tasks.length,
          units: content.unitCount,
          assignments: content.lines.length,
          asOf,
        }),
      ),
    );
  } else {
    children.push(text(`${t('report:doc.s1NoPlan', { year: planYear })} ${asOf}`));
  }
  if (plan?.reportingRule) children.push(text(t('report:doc.s1Reporting', { rule: plan.reportingRule })));
  children.push(para([blankRun(t, t('report:doc.s1Blank'))]));

  children.push(heading(t('report:doc.s2')));
  content.topics.forEach((topic, i) => children.push(...topicParagraphs(t, topic, i + 1)));

  children.push(heading(t('report:doc.s3')));
  const total = content.total;
  children.push(
    text(
      t('report:doc.s3Counts', {
        total: total.total,
        onTime: total.onTime,
        doneLate: total.doneLate,
        overdue: total.overdue,
        pending: total.pending,
        percent: total.percent ?? 0,
      }),
    ),
  );
  const a = content.assessment;
  children.push(...assessmentList(t, t('report:doc.s3OnTime', { count: a.onTime.length }), a.onTime, 'none'));
  children.push(...assessmentList(t, t('report:doc.s3Late', { count: a.doneLate.length }), a.doneLate, 'late'));
  children.push(...assessmentList(t, t('report:doc.s3Overdue', { count: a.overdue.length }), a.overdue, 'notDone'));
  children.push(...assessmentList(t, t('report:doc.s3Pending', { count: a.pending.length }), a.pending, 'notDone'));
  children.push(para([blankRun(t, t('report:doc.s3Strengths'))]));

  children.push(
    heading(
      content.period.quarter === null
        ? t('report:doc.s4Year', { year: content.period.year + 1 })
        : t('report:doc.s4Quarter'),
    ),
  );
  if (content.openTasks.length === 0) children.push(text(t('report:doc.s4None')));
  else {
    children.push(text(t('report:doc.s4Intro')));
    for (const task of content.openTasks) {
      children.push(
        text(
          t('report:doc.s4Item', {
            number: task.number,
            title: inline(task.title),
            units: unitNames(task.notDoneUnits.length > 0 ? task.notDoneUnits : task.leadUnits),
            deadline: task.deadlineText || (task.due ? formatVnDate(task.due) : ''),
          }),
        ),
      );
    }
  }
  children.push(para([blankRun(t, t('report:doc.s4Blank'))]));
  children.push(text(t('report:doc.closing', { period, org: content.org.name }), {}, { after: 240 }));
  children.push(signatureBlock(t, content));
  return children;
}

export async function renderDocx(content: ReportContent, t: Translate): Promise<Buffer> {
  const period = periodText(t, content);
  const title = `${t('report:doc.kind')} ${t('report:doc.subtitle', { period })}`;
  const firstPage: (Paragraph | Table)[] = [
    titleBlock(t, content),
    para([run(t('report:doc.kind'), { bold: true })], {
      align: AlignmentType.CENTER,
      indent: false,
      before: 360,
      after: 0,
    }),
    centered([run(t('report:doc.subtitle', { period }), { bold: true })], 0),
    centered([run('――――――――', { size: SIZE_SMALL })], 240),
    ...bodyParagraphs(t, content),
  ];
  const appendix: (Paragraph | Table)[] = [
    centered([run(t('report:doc.appendix'), { bold: true })]),
    centered([run(t('report:doc.appendixTitle', { period }), { bold: true })]),
    centered(
      [run(t('report:doc.appendixNote', { abbr: abbrOf(content), org: content.org.name }), { italics: true })],
      240,
    ),
    content.lines.length > 0
      ? appendixTable(t, content.lines)
      : text(t('report:doc.appendixEmpty'), {}, { align: AlignmentType.CENTER, indent: false }),
  ];
  const doc = new Document({
    creator: 'isobot',
    title,
    lastModifiedBy: 'isobot',
    styles: { default: { document: { run: { font: FONT, size: SIZE_BODY } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_WIDTH, height: A4_HEIGHT, orientation: PageOrientation.PORTRAIT },
            margin: PORTRAIT_MARGIN,
          },
        },
        children: firstPage,
      },
      {
        properties: {
          page: {
            size: { width: A4_WIDTH, height: A4_HEIGHT, orientation: PageOrientation.LANDSCAPE },
            margin: LANDSCAPE_MARGIN,
          },
        },
        children: appendix,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
