using System.Text;

namespace Shortener.Worker.Imports;

/// <summary>
/// RFC 4180 records: fields separated by commas, quoted with double quotes ("" inside is one), records ending in CRLF or
/// LF (inside quotes, line breaks are part of the field). A stray quote inside an unquoted field is kept as it is.
/// Records are numbered from 1 by their position (a header is record 1); blank lines are skipped but counted.
/// </summary>
public static class CsvRecords
{
    public static IEnumerable<(int Number, List<string> Fields)> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var number = 0;
        var i = 0;
        var quoted = false;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false;
                    i++;
                    continue;
                }
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    fields.Add(field.ToString());
                    field.Clear();
                    number++;
                    if (any || fields[0].Length > 0) yield return (number, fields);
                    fields = [];
                    any = false;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
            i++;
        }
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (number + 1, fields);
        }
    }
}
