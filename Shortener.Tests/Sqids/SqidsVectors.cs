using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Sqids;

namespace Shortener.Tests.Sqids;

/// <summary>Reads ../shared/sqids/vectors.json: outputs of the real Sqids NuGet package.</summary>
public static class SqidsVectors
{
    public static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("sqids", "vectors.json")));
        return document.RootElement.Clone();
    }

    /// <summary>Every section name (the file's <c>_about</c> aside) with every entry, as compact JSON.</summary>
    public static IEnumerable<(string Section, string Entry)> Entries() =>
        from section in Load().EnumerateObject()
        where section.Name != "_about"
        from entry in section.Value.EnumerateArray()
        select (section.Name, JsonSerializer.Serialize(entry));

    /// <summary>Absent fields keep the defaults; a null blocklist means the default list.</summary>
    public static SqidsOptions OptionsOf(JsonElement entry)
    {
        var options = new SqidsOptions();
        if (entry.TryGetProperty("alphabet", out var alphabet)) options.Alphabet = alphabet.GetString()!;
        if (entry.TryGetProperty("minLength", out var minLength)) options.MinLength = minLength.GetInt32();
        if (entry.TryGetProperty("blocklist", out var words) && words.ValueKind != JsonValueKind.Null)
            options.BlockList = [.. words.EnumerateArray().Select(word => word.GetString()!)];
        return options;
    }

    // Parsed from the raw text, so numbers above 2^53 stay exact.
    public static T[] NumbersOf<T>(JsonElement entry) where T : IBinaryInteger<T> =>
        [.. entry.GetProperty("numbers").EnumerateArray()
            .Select(number => T.Parse(number.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))];
}
