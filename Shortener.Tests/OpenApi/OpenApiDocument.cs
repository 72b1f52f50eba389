using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Shortener.Tests.OpenApi;

/// <summary>The api's OpenAPI document as tests read it: its operations, and a response checked against the schema it declares.</summary>
public sealed class OpenApiDocument(JsonNode root)
{
    public const string Path = "/openapi/v1.json";
    private static readonly string[] s_methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public JsonNode Root { get; } = root;

    public static async Task<OpenApiDocument> LoadAsync(HttpClient client) =>
        new(JsonNode.Parse(await client.GetStringAsync(Path)) ?? throw new InvalidOperationException("The document is empty."));

    public IEnumerable<Operation> Operations =>
        Root["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => s_methods.Contains(m.Key))
            .Select(m => new Operation(path.Key, m.Key.ToUpperInvariant(), m.Value!.AsObject())));

    public Operation Find(string method, string path) =>
        Operations.SingleOrDefault(o => o.Method == method && o.Path == path) ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in the document.");

    /// <summary>
    /// Validates <paramref name="body"/> against the schema the document declares for this answer. Every object schema
    /// is closed (no properties it does not name), so a field sent under another name than documented fails too.
    /// </summary>
    public IReadOnlyList<string> Validate(string method, string path, int status, string mediaType, JsonNode? body)
    {
        var response = Find(method, path).Node["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} does not document {status}.");
        var schema = response["content"]?[mediaType]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} {status} has no {mediaType} schema.");
        var standalone = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Root["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        Close(standalone["$defs"]!);
        Close(standalone["allOf"]!);
        var text = standalone.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        var results = JsonSchema.FromText(text).Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    private static void Close(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.ContainsKey("properties") && !o.ContainsKey("additionalProperties")) o["additionalProperties"] = false;
                foreach (var child in o.Select(p => p.Value).OfType<JsonNode>().ToList()) Close(child);
                break;
            case JsonArray a:
                foreach (var child in a.OfType<JsonNode>()) Close(child);
                break;
        }
    }

    public sealed record Operation(string Path, string Method, JsonObject Node)
    {
        public bool RequiresKey => Node["security"] is JsonArray { Count: > 0 };

        public IEnumerable<string> Statuses => Node["responses"]?.AsObject().Select(r => r.Key) ?? [];

        public override string ToString() => $"{Method} {Path}";
    }
}

public static class JsonBodies
{
    public static async Task<JsonNode?> ReadNodeAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
}
