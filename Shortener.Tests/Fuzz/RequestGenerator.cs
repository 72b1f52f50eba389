using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Shortener.Tests.OpenApi;

namespace Shortener.Tests.Fuzz;

/// <summary>One generated request, printable so a failure says exactly what was sent.</summary>
public sealed record FuzzRequest(string Operation, string Method, string PathAndQuery, string Auth, IReadOnlyList<(string Name, string Value)> Headers,
    string? ContentType, string? Body)
{
    public override string ToString() =>
        $"[{Operation}] {Method} {PathAndQuery} auth={Auth}" + string.Concat(Headers.Select(h => $" {h.Name}: {Trim(h.Value)}")) +
        (Body is null ? "" : $" Content-Type: {ContentType} body: {Trim(Body)}");

    private static string Trim(string s) => s.Length <= 200 ? s : s[..200] + $"…({s.Length} chars)";
}

/// <summary>
/// Builds a generator of requests for every operation of the OpenAPI document, read at run time: every path segment,
/// query parameter and header it declares and every field of its body get hostile values (and sometimes the right ones,
/// from <paramref name="known"/>, so requests get past the first check and into the code behind it).
/// </summary>
public sealed class RequestGenerator(OpenApiDocument document, IReadOnlyDictionary<string, string[]> known)
{
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private const int MaxDepth = 4;

    public Gen<FuzzRequest> Requests => Gen.OneOf(document.Operations.Select(IGen<FuzzRequest> (op) => For(op)).ToArray());

    private IReadOnlyList<string> Known(string name) => known.TryGetValue(name, out var values) ? values : [];

    private Gen<FuzzRequest> For(OpenApiDocument.Operation op)
    {
        var parameters = op.Node["parameters"]?.AsArray().OfType<JsonObject>().Select(Resolve).OfType<JsonObject>().ToList() ?? [];
        var path = Gen.Const(op.Path);
        foreach (var p in parameters.Where(p => (string?)p["in"] == "path"))
        {
            var name = (string)p["name"]!;
            path = path.Select(HostileValues.Segment(Known(name)), (t, v) => t.Replace("{" + name + "}", v));
        }
        var query = Gen.Const("");
        foreach (var p in parameters.Where(p => (string?)p["in"] == "query"))
        {
            var name = (string)p["name"]!;
            query = query.Select(Optional(HostileValues.String(Known(name))), (q, v) => v is null ? q : $"{q}&{name}={HostileValues.Escape(v)}");
        }
        query = query.Select(Optional(HostileValues.String([]), 1, 8), (q, extra) => extra is null ? q : $"{q}&{HostileValues.Escape(extra)}={HostileValues.Escape(extra)}");
        var headers = Gen.Const<IReadOnlyList<(string, string)>>([]);
        foreach (var name in parameters.Where(p => (string?)p["in"] == "header").Select(p => (string)p["name"]!)
                     .Concat(["User-Agent", "Referer", "X-Forwarded-For", "Accept"]))
            headers = headers.Select(Optional(HostileValues.HeaderValue(Known(name)), 1, 3), (list, v) => v is null ? list : [.. list, (name, v)]);

        var method = Gen.Frequency((19, Gen.Const(op.Method)), (1, Gen.OneOf(s_methods)));
        var auth = Gen.OneOf("admin", "admin", "user", "none", "wrong", "garbage");
        var body = BodyFor(op);
        return Gen.Select(method, path, query, auth, headers, body, (m, p, q, a, h, b) =>
            new FuzzRequest(op.ToString(), m, q.Length == 0 ? p : $"{p}?{q[1..]}", a, h, b?.ContentType, b?.Text));
    }

    private sealed record Body(string ContentType, string Text);

    private Gen<Body?> BodyFor(OpenApiDocument.Operation op)
    {
        var content = Resolve(op.Node["requestBody"])?["content"]?.AsObject();
        var raw = Gen.OneOf("", "{", "{\"url\":", "[]", "null", "\"x\"", "\uFEFF{}", "{} {}", "{\"a\":1,\"a\":2}", HostileValues.Deep('[', ']', 5000),
            "{\"padding\":\"" + new string('x', 20_000) + "\"}");
        var anything = Gen.Frequency((3, HostileValues.AnyJson([])), (2, raw));
        if (content is null)
            return Gen.Frequency((9, Gen.Const((Body?)null)), (1, anything.Select(HostileValues.ContentType, (t, c) => (Body?)new Body(c, t))));
        if (content["application/json"]?["schema"] is { } schema)
            return Gen.Frequency((6, Json(schema, 0)), (2, anything)).Select(HostileValues.ContentType, (t, c) => (Body?)new Body(c, t));
        var form = Gen.OneOf(content.Select(c => c.Key).ToArray());
        return Gen.Select(form, HostileValues.String(Known("password")), Gen.Int[0, 5], (type, password, shape) => (Body?)(shape switch
        {
            0 => new Body("multipart/form-data; boundary=b", $"--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{password}"),
            1 => new Body(type, "password=" + password),
            _ => new Body("application/x-www-form-urlencoded", "password=" + HostileValues.Escape(password)),
        }));
    }

    /// <summary>A JSON text for the schema: every property present or not, each value of its type, hostile, or of another type.</summary>
    private Gen<string> Json(JsonNode schema, int depth, string? name = null)
    {
        schema = Resolve(schema)!;
        var types = schema["type"] switch
        {
            JsonArray a => a.Select(t => (string)t!).Where(t => t != "null").ToList(),
            JsonValue v => [(string)v!],
            _ => [],
        };
        var known = Known(name ?? "");
        var wrong = HostileValues.AnyJson(known);
        if (depth > MaxDepth) return wrong;
        var numbers = Gen.OneOf([.. known, "0", "-1", "1", "1.5", "9223372036854775807", "9223372036854775808", "1e400", "\"5\"", "\"٥\""]);
        var right = types.FirstOrDefault() switch
        {
            "object" when schema["properties"] is JsonObject properties => Object(properties, depth),
            "array" when schema["items"] is { } items => Json(items, depth + 1, name).Array[0, 3].Select(a => "[" + string.Join(",", a) + "]"),
            "string" => HostileValues.String(known).Select(HostileValues.Quote),
            "integer" or "number" => numbers,
            "boolean" => Gen.OneOf("true", "false", "\"true\"", "1", "null"),
            _ => wrong,
        };
        return Gen.Frequency((5, right), (1, wrong), (1, Gen.Const("null")));
    }

    private Gen<string> Object(JsonObject properties, int depth)
    {
        var members = Gen.Const("");
        foreach (var (name, schema) in properties)
        {
            var member = Optional(Json(schema!, depth + 1, name), 3, 1);
            members = members.Select(member, (text, v) => v is null ? text : $"{text},{HostileValues.Quote(name)}:{v}");
        }
        var extra = Optional(HostileValues.AnyJson([]), 1, 6);
        return members.Select(extra, (text, x) => x is null ? text : $"{text},\"unexpected\":{x}").Select(text => "{" + (text.Length > 0 ? text[1..] : "") + "}");
    }

    private JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; node?["$ref"] is JsonValue reference && hops < 10; hops++)
        {
            var pointer = ((string)reference!).TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries);
            node = pointer.Aggregate((JsonNode?)document.Root, (n, part) => n?[part.Replace("~1", "/").Replace("~0", "~")]);
        }
        return node;
    }

    private static Gen<T?> Optional<T>(Gen<T> gen, int present = 3, int absent = 1) where T : class =>
        Gen.Frequency((absent, Gen.Const(default(T))), (present, gen.Select(v => (T?)v)));
}
