using System.Text;
using Shortener.Core.Imports;

namespace Shortener.Worker.Imports;

/// <summary>Turns an uploaded file into rows, by its format. Text is UTF-8 (a BOM, UTF-8 or UTF-16, is followed).</summary>
public static class ImportFileReader
{
    public static IEnumerable<ImportRecord> Read(string format, byte[] file)
    {
        var text = Decode(file);
        IEnumerable<ImportRecord> rows = format switch
        {
            ImportFormats.BitlyCsv => CsvImport.Read(text, headerRequired: true),
            ImportFormats.Csv => CsvImport.Read(text, headerRequired: false),
            ImportFormats.YourlsSql => YourlsSqlImport.Read(text),
            _ => throw new InvalidOperationException($"Unknown import format '{format}'."),
        };
        // Bytes that are not UTF-8 decode to U+FFFD: such a row cannot be trusted to say what its author meant.
        return rows.Select(r => r.Problem is null && HasReplacement(r) ? r with { Problem = "The row is not valid UTF-8 text." } : r);
    }

    private static string Decode(byte[] file)
    {
        if (file.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Encoding.UTF8.GetString(file, 3, file.Length - 3);
        if (file.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(file, 2, file.Length - 2);
        if (file.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(file, 2, file.Length - 2);
        return Encoding.UTF8.GetString(file);
    }

    private static bool HasReplacement(ImportRecord r) =>
        new[] { r.Url, r.Slug, r.Title, r.Tags, r.CreatedAt }.Any(f => f is not null && f.Contains('\uFFFD'));
}
