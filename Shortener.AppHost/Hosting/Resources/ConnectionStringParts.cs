using System.Data.Common;

namespace Shortener.Hosting;

/// <summary>Splits connection strings into the {NAME}_HOST/_PORT/… values Aspire injects beside them.</summary>
internal static class ConnectionStringParts
{
    public static IReadOnlyDictionary<string, string> Postgres(string connectionString)
    {
        var b = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Get(string key) => b.TryGetValue(key, out var v) ? Convert.ToString(v) ?? "" : "";
        var (host, port, user, password, db) = (Get("Host"), Get("Port"), Get("Username"), Get("Password"), Get("Database"));
        if (port.Length == 0) port = "5432";
        var uri = $"postgresql://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{host}:{port}" + (db.Length > 0 ? $"/{db}" : "");
        var parts = new Dictionary<string, string>
        {
            ["HOST"] = host, ["PORT"] = port, ["USERNAME"] = user, ["PASSWORD"] = password, ["URI"] = uri,
        };
        if (db.Length > 0) parts["DATABASENAME"] = db;
        return parts;
    }

    public static IReadOnlyDictionary<string, string> Redis(string connectionString)
    {
        var segments = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoint = segments.FirstOrDefault(s => !s.Contains('=')) ?? "localhost:6379";
        var colon = endpoint.LastIndexOf(':');
        var (host, port) = colon > 0 ? (endpoint[..colon], endpoint[(colon + 1)..]) : (endpoint, "6379");
        var password = segments.Select(s => s.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Equals("password", StringComparison.OrdinalIgnoreCase))?[1] ?? "";
        return new Dictionary<string, string>
        {
            ["HOST"] = host, ["PORT"] = port, ["PASSWORD"] = password,
            ["URI"] = password.Length > 0 ? $"redis://:{Uri.EscapeDataString(password)}@{host}:{port}" : $"redis://{host}:{port}",
        };
    }
}
