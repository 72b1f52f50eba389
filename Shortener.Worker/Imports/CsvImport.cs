namespace Shortener.Worker.Imports;

/// <summary>
/// CSV imports. <c>csv</c> is <c>url, slug?, title?, tags?, created_at?</c>, with or without a header; <c>bitly-csv</c> is
/// Bitly's export, read by its header (long_url / Long URL, bitlink / link / id, title, tags, created / created_at), the
/// slug being the bitlink's back-half. Headers are matched ignoring case, spaces and punctuation.
/// </summary>
public static class CsvImport
{
    private enum Column { Url, Slug, ShortLink, Title, Tags, CreatedAt }

    private static readonly Dictionary<string, Column> s_headers = new(StringComparer.Ordinal)
    {
        ["url"] = Column.Url, ["longurl"] = Column.Url, ["destination"] = Column.Url, ["destinationurl"] = Column.Url,
        ["originalurl"] = Column.Url, ["target"] = Column.Url,
        ["slug"] = Column.Slug, ["keyword"] = Column.Slug, ["backhalf"] = Column.Slug, ["customslug"] = Column.Slug,
        ["bitlink"] = Column.ShortLink, ["link"] = Column.ShortLink, ["id"] = Column.ShortLink, ["shorturl"] = Column.ShortLink,
        ["shortlink"] = Column.ShortLink,
        ["title"] = Column.Title, ["name"] = Column.Title,
        ["tags"] = Column.Tags, ["tag"] = Column.Tags,
        ["createdat"] = Column.CreatedAt, ["created"] = Column.CreatedAt, ["date"] = Column.CreatedAt, ["creationdate"] = Column.CreatedAt,
    };

    private static readonly Column[] s_positional = [Column.Url, Column.Slug, Column.Title, Column.Tags, Column.CreatedAt];

    public static IEnumerable<ImportRecord> Read(string text, bool headerRequired)
    {
        Column?[]? columns = null;
        var first = true;
        foreach (var (row, fields) in CsvRecords.Read(text))
        {
            if (first)
            {
                first = false;
                var header = fields.Select(f => s_headers.TryGetValue(Key(f), out var c) ? c : (Column?)null).ToArray();
                if (header.Contains(Column.Url))
                {
                    columns = header;
                    continue;
                }
                if (headerRequired)
                {
                    yield return new ImportRecord(row, null, Problem: "The first row must be Bitly's header, with a long_url column.");
                    yield break;
                }
            }
            yield return ToRecord(row, fields, columns);
        }
    }

    private static ImportRecord ToRecord(int row, List<string> fields, Column?[]? columns)
    {
        string? url = null, slug = null, shortLink = null, title = null, tags = null, created = null;
        for (var i = 0; i < fields.Count; i++)
        {
            var column = columns is null ? (i < s_positional.Length ? s_positional[i] : (Column?)null) : i < columns.Length ? columns[i] : null;
            var value = fields[i].Trim();
            if (value.Length == 0 || column is null) continue;
            switch (column)
            {
                case Column.Url: url ??= value; break;
                case Column.Slug: slug ??= value; break;
                case Column.ShortLink: shortLink ??= value; break;
                case Column.Title: title ??= value; break;
                case Column.Tags: tags ??= value; break;
                case Column.CreatedAt: created ??= value; break;
            }
        }
        return new ImportRecord(row, url, slug ?? BackHalf(shortLink), title, tags, created);
    }

    /// <summary>bit.ly/3AbCdEf, https://bit.ly/3AbCdEf or 3AbCdEf: the part after the host.</summary>
    private static string? BackHalf(string? shortLink)
    {
        if (shortLink is null) return null;
        var end = shortLink.IndexOfAny(['?', '#']);
        var path = (end < 0 ? shortLink : shortLink[..end]).TrimEnd('/');
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static string Key(string header) => new([.. header.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
}
