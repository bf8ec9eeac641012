/** Just enough multipart/form-data parsing for the fake's upload endpoints. */
export interface FormPart {
  name: string;
  fileName?: string | undefined;
  contentType?: string | undefined;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/iu.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after delimiter and before next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/iu.exec(headers)?.[1] ?? '';
      const fileName = /filename="([^"]*)"/iu.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/iu.exec(headers)?.[1]?.trim();
      parts.push({ name, fileName, contentType: type, data: Buffer.from(chunk.subarray(headerEnd + 4)) });
    }
    start = next;
  }
  return parts;
}
