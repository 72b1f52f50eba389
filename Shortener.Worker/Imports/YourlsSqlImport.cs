using System.Text;

namespace Shortener.Worker.Imports;

/// <summary>
/// A YOURLS database dump (mysqldump or phpMyAdmin): the rows of the <c>INSERT INTO `…url` (…) VALUES (…), (…);</c>
/// statements of its links table (yourls_url, whatever the prefix). Columns are taken from the statement's list, or
/// YOURLS's order (keyword, url, title, timestamp, ip, clicks) without one. Strings are MySQL's: single quotes, with
/// backslash escapes or a doubled quote. Everything else in the dump is skipped. Rows are numbered in the order they come.
/// </summary>
public static class YourlsSqlImport
{
    private static readonly string[] s_defaultColumns = ["keyword", "url", "title", "timestamp", "ip", "clicks"];

    public static IEnumerable<ImportRecord> Read(string text)
    {
        var scanner = new Scanner(text);
        var row = 0;
        while (scanner.FindInsert())
        {
            var table = scanner.Identifier();
            if (table is null || !table.EndsWith("url", StringComparison.OrdinalIgnoreCase)) continue;
            var columns = scanner.ColumnList() ?? s_defaultColumns;
            if (!scanner.Keyword("VALUES")) continue;
            while (true)
            {
                var values = scanner.Tuple();
                if (values is null)
                {
                    yield return new ImportRecord(row + 1, null, Problem: $"The dump could not be read after row {row} ({scanner.Where}).");
                    yield break;
                }
                row++;
                string? Get(string name) => Array.FindIndex(columns, c => c.Equals(name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                    && i < values.Count ? values[i] : null;
                yield return new ImportRecord(row, Get("url"), Get("keyword"), Get("title"), null, Get("timestamp"));
                if (!scanner.Symbol(',')) break;
            }
        }
    }

    private sealed class Scanner(string text)
    {
        private int _at;

        public string Where => $"at character {_at}";

        public bool FindInsert()
        {
            while (true)
            {
                var found = text.IndexOf("INSERT", _at, StringComparison.OrdinalIgnoreCase);
                if (found < 0) return false;
                _at = found + 6;
                if (found > 0 && char.IsAsciiLetterOrDigit(text[found - 1])) continue;
                Keyword("IGNORE");
                if (Keyword("INTO")) return true;
            }
        }

        public bool Keyword(string word)
        {
            SkipSpace();
            if (string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
            if (_at + word.Length < text.Length && char.IsAsciiLetterOrDigit(text[_at + word.Length])) return false;
            _at += word.Length;
            return true;
        }

        public bool Symbol(char c)
        {
            SkipSpace();
            if (_at >= text.Length || text[_at] != c) return false;
            _at++;
            return true;
        }

        /// <summary>`name`, name, or `db`.`name` (the last part).</summary>
        public string? Identifier()
        {
            string? name;
            while (true)
            {
                SkipSpace();
                if (_at < text.Length && text[_at] == '`')
                {
                    var end = text.IndexOf('`', _at + 1);
                    if (end < 0) return null;
                    name = text[(_at + 1)..end];
                    _at = end + 1;
                }
                else
                {
                    var start = _at;
                    while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '$')) _at++;
                    if (_at == start) return null;
                    name = text[start.._at];
                }
                if (_at >= text.Length || text[_at] != '.') return name;
                _at++;
            }
        }

        public string[]? ColumnList()
        {
            var save = _at;
            if (!Symbol('(')) return null;
            var names = new List<string>();
            do
            {
                if (Identifier() is not { } name)
                {
                    _at = save;
                    return null;
                }
                names.Add(name);
            }
            while (Symbol(','));
            if (Symbol(')')) return [.. names];
            _at = save;
            return null;
        }

        /// <summary>( value, … ): strings unescaped, NULL as null, anything else as written; null when it is not a tuple.</summary>
        public List<string?>? Tuple()
        {
            if (!Symbol('(')) return null;
            var values = new List<string?>();
            do
            {
                SkipSpace();
                if (_at >= text.Length) return null;
                if (text[_at] == '\'')
                {
                    if (QuotedString() is not { } s) return null;
                    values.Add(s);
                }
                else
                {
                    var start = _at;
                    while (_at < text.Length && text[_at] is not (',' or ')')) _at++;
                    var raw = text[start.._at].Trim();
                    values.Add(raw.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : raw);
                }
            }
            while (Symbol(','));
            return Symbol(')') ? values : null;
        }

        private string? QuotedString()
        {
            var value = new StringBuilder();
            _at++;
            while (_at < text.Length)
            {
                var c = text[_at++];
                if (c == '\\' && _at < text.Length)
                {
                    var e = text[_at++];
                    value.Append(e switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', 'Z' => '\x1A', 'b' => '\b', _ => e });
                }
                else if (c == '\'')
                {
                    if (_at < text.Length && text[_at] == '\'') { value.Append('\''); _at++; }
                    else return value.ToString();
                }
                else value.Append(c);
            }
            return null;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }
    }
}
