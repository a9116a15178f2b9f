/**
 * Splits one CSV line that holds quotes, for the common well-formed case: every field is either unquoted
 * with no quote in it, or quoted from its first to its last character with inner quotes doubled ("a ""b""")
 * and the closing quote on the same line. That is what pandas (quoting only where needed) and R's write.csv
 * (quoting every string) write. Anything else, above all a quoted field that goes on to the next line, returns
 * null, and the reader hands the file to csv-parse from that line on. On the lines it accepts, the fields are
 * exactly csv-parse's (a property test checks this on random files).
 */

const QUOTE = 34;
const COMMA = 44;

/** The fields of `text.slice(start, end)` (a line without its line break), or null: let csv-parse read it. */
export function splitQuotedLine(text: string, start: number, end: number): string[] | null {
  const fields: string[] = [];
  let position = start;
  let nextQuote = text.indexOf('"', start);
  for (;;) {
    if (position < end && text.charCodeAt(position) === QUOTE) {
      let value = '';
      let segmentStart = position + 1;
      for (;;) {
        const quote = text.indexOf('"', segmentStart);
        if (quote === -1 || quote >= end) return null; // the field goes on past this line
        if (text.charCodeAt(quote + 1) === QUOTE && quote + 1 < end) {
          value += text.slice(segmentStart, quote + 1); // a doubled quote stands for one
          segmentStart = quote + 2;
          continue;
        }
        value += text.slice(segmentStart, quote);
        position = quote + 1;
        break;
      }
      fields.push(value);
      if (position === end) return fields;
      if (text.charCodeAt(position) !== COMMA) return null; // text after the closing quote
      position++;
      nextQuote = text.indexOf('"', position);
    } else {
      let comma = text.indexOf(',', position);
      if (comma === -1 || comma > end) comma = end;
      if (nextQuote !== -1 && nextQuote < comma) return null; // a quote inside an unquoted field
      fields.push(text.slice(position, comma));
      if (comma === end) return fields;
      position = comma + 1;
    }
  }
}
