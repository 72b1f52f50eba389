using System.Net;
using MaxMind.Db;
using Shortener.Core.Net;

namespace Shortener.Core.Enrichment.Geo;

/// <summary>
/// Country of an IP address from a country .mmdb: DB-IP Lite (shipped, CC BY 4.0, "IP Geolocation by DB-IP"),
/// or a GeoLite2/GeoIP2 Country file when one is configured. Private and reserved addresses are never looked up.
/// </summary>
public sealed class CountryLookup : IDisposable
{
    public const string BundledDatabase = "data/dbip-country.mmdb";

    private readonly Reader _reader;

    public CountryLookup(string path)
    {
        _reader = new Reader(path, FileAccessMode.MemoryMapped);
        Source = Path.GetFileName(path);
    }

    /// <summary>The configured file when it exists, else the bundled DB-IP database next to the application.</summary>
    public static CountryLookup Open(string? configuredPath) =>
        new(!string.IsNullOrWhiteSpace(configuredPath) && File.Exists(configuredPath)
            ? configuredPath
            : Path.Combine(AppContext.BaseDirectory, BundledDatabase));

    public string Source { get; }

    /// <summary>ISO 3166-1 alpha-2 code, or null for unknown, private or reserved addresses.</summary>
    public string? Find(string? ip)
    {
        if (!IPAddress.TryParse(ip, out var address)) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (ReservedAddresses.Contains(address)) return null;
        var record = _reader.Find<Dictionary<string, object>>(address);
        if (record is null) return null;
        // DB-IP's layout is {country_code}; MaxMind's is {country: {iso_code}}.
        if (record.TryGetValue("country_code", out var code)) return code as string;
        return record.TryGetValue("country", out var country) && country is Dictionary<string, object> c && c.TryGetValue("iso_code", out var iso)
            ? iso as string
            : null;
    }

    public void Dispose() => _reader.Dispose();
}
