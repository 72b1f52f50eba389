namespace Shortener.Core.Imports;

/// <summary>The files POST /imports takes, and the limits the api and the worker both hold them to.</summary>
public static class ImportFormats
{
    public const string BitlyCsv = "bitly-csv", YourlsSql = "yourls-sql", Csv = "csv";
    public static readonly IReadOnlyList<string> All = [BitlyCsv, YourlsSql, Csv];

    public const long MaxFileBytes = 32 * 1024 * 1024;
    public const int MaxRows = 1_000_000;

    /// <summary>Skipped and failed rows kept, each, per import (their counts are exact).</summary>
    public const int MaxReportedRows = 1000;
}
