using System.Net;
using System.Text;
using System.Text.Json;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

/// <summary>Hostile or broken requests: each gets a 4xx problem+json, none a 500, and none writes a row.</summary>
[Collection(LinksCollection.Name)]
public sealed class HostileInputTests(LinksFixture app)
{
    private sealed record Hostile(HttpStatusCode Expected, string Method, string Path, string? Body = null, string ContentType = "application/json",
        bool Anonymous = false);

    private static string Link(string url) => JsonSerializer.Serialize(new { url });
    private static string WithSlug(string slug) => JsonSerializer.Serialize(new { url = "https://example.com/", slug });
    private static string Raw(string fields) => "{\"url\": \"https://example.com/\", " + fields + "}";

    private static readonly Dictionary<string, Hostile> s_cases = new()
    {
        ["javascript url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("javascript:alert(1)")),
        ["mixed-case javascript url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("JaVaScRiPt:alert(document.cookie)")),
        ["data url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("data:text/html,<script>alert(1)</script>")),
        ["file url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("file:///etc/passwd")),
        ["vbscript url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("vbscript:msgbox(1)")),
        ["ftp url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("ftp://example.com/file")),
        ["relative url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("/relative/path")),
        ["protocol-relative url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("//evil.example/path")),
        ["url without scheme"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("example.com/page")),
        ["10 KB url"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://example.com/" + new string('a', 10 * 1024))),
        ["url with user and password"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://user:secret@example.com/")),
        ["url with user name"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://admin@example.com/")),
        ["url without host"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://")),
        ["url with spaces"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://exa mple.com/")),
        ["url with header injection"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://example.com/\r\nSet-Cookie: a=b")),
        ["url as a number"] = new(HttpStatusCode.BadRequest, "POST", "/links", """{"url": 42}"""),
        ["url as an array"] = new(HttpStatusCode.BadRequest, "POST", "/links", """{"url": ["https://example.com/"]}"""),
        ["no url"] = new(HttpStatusCode.BadRequest, "POST", "/links", """{"slug": "no-url-here"}"""),
        ["unicode slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("ünïcødé")),
        ["emoji slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("🔥🔥🔥🔥")),
        ["fullwidth slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("ｌｉｎｋｓ")),
        ["overlong slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug(new string('a', 65))),
        ["very long slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug(new string('b', 5000))),
        ["two-character slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("ab")),
        ["path traversal slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("../../etc/passwd")),
        ["encoded traversal slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("..%2F..%2Fadmin")),
        ["slug with a slash"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("a/b/c")),
        ["slug with a NUL"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("abc\0def")),
        ["slug with SQL"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("x'; DROP TABLE links;--")),
        ["slug with SQL tautology"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("1' OR '1'='1")),
        ["reserved slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("LINKS")),
        ["max_clicks as text"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"max_clicks\": \"many\"")),
        ["max_clicks zero"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"max_clicks\": 0")),
        ["max_clicks negative"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"max_clicks\": -5")),
        ["max_clicks overflowing"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"max_clicks\": 1e30")),
        ["expires_at as words"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"expires_at\": \"tomorrow\"")),
        ["expires_at in the past"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"expires_at\": \"2001-09-09T01:46:40Z\"")),
        ["empty password"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw("\"password\": \"\"")),
        ["overlong password"] = new(HttpStatusCode.BadRequest, "POST", "/links", Raw($"\"password\": \"{new string('p', 200)}\"")),
        ["truncated json"] = new(HttpStatusCode.BadRequest, "POST", "/links", "{\"url\": "),
        ["json array"] = new(HttpStatusCode.BadRequest, "POST", "/links", "[]"),
        ["json null"] = new(HttpStatusCode.BadRequest, "POST", "/links", "null"),
        ["json string"] = new(HttpStatusCode.BadRequest, "POST", "/links", "\"https://example.com/\""),
        ["deeply nested json"] = new(HttpStatusCode.BadRequest, "POST", "/links", new string('[', 2000) + new string(']', 2000)),
        ["empty body"] = new(HttpStatusCode.BadRequest, "POST", "/links", ""),
        ["body over 16 KB"] = new(HttpStatusCode.RequestEntityTooLarge, "POST", "/links", Raw($"\"padding\": \"{new string('x', 20 * 1024)}\"")),
        ["text/plain body"] = new(HttpStatusCode.UnsupportedMediaType, "POST", "/links", Link("https://example.com/"), "text/plain"),
        // A form is what the password page posts to /{slug}, and no link has the slug "links".
        ["form body"] = new(HttpStatusCode.NotFound, "POST", "/links", "url=https%3A%2F%2Fexample.com%2F", "application/x-www-form-urlencoded"),
        ["password post as json"] = new(HttpStatusCode.UnsupportedMediaType, "POST", "/some-link", """{"password": "x"}""", Anonymous: true),
        ["no key"] = new(HttpStatusCode.Unauthorized, "POST", "/links", Link("https://example.com/"), Anonymous: true),
        ["user name with SQL"] = new(HttpStatusCode.BadRequest, "POST", "/api-keys", """{"user": "bob'; DROP TABLE users;--"}"""),
        ["unicode user name"] = new(HttpStatusCode.BadRequest, "POST", "/api-keys", """{"user": "bøb"}"""),
        ["empty user name"] = new(HttpStatusCode.BadRequest, "POST", "/api-keys", """{"user": ""}"""),
        ["admin flag as text"] = new(HttpStatusCode.BadRequest, "POST", "/api-keys", """{"user": "carol", "admin": "yes"}"""),
        ["put with a javascript url"] = new(HttpStatusCode.NotFound, "PUT", "/links/no-such-link-here", Link("javascript:alert(1)")),
        ["redirect to a traversal path"] = new(HttpStatusCode.NotFound, "GET", "/..%2F..%2Fetc%2Fpasswd", Anonymous: true),
        ["redirect to a unicode slug"] = new(HttpStatusCode.NotFound, "GET", "/%C3%BC%C3%B1%C3%AF", Anonymous: true),
        ["redirect to a 5000-character slug"] = new(HttpStatusCode.NotFound, "GET", "/" + new string('z', 5000), Anonymous: true),
        ["redirect to an SQL slug"] = new(HttpStatusCode.NotFound, "GET", "/x'%20OR%201=1--", Anonymous: true),
        // Issue 17: each of these answered 500, and the first two stored the link anyway.
        ["slug ending in a newline"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("trailing-newline\n")),
        ["reserved slug ending in a newline"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("links\n")),
        ["user name ending in a newline"] = new(HttpStatusCode.BadRequest, "POST", "/api-keys", """{"user": "alice\n"}"""),
        ["docs as a slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("docs")),
        ["openapi as a slug"] = new(HttpStatusCode.BadRequest, "POST", "/links", WithSlug("OpenAPI")),
        ["url with a zero-width space in the host"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://exa\u200Bmple.com/")),
        ["url with a right-to-left override"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://example.com/\u202Egnp.exe")),
        ["url with a left-to-right mark"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://example.com/\u200Epath")),
        ["url with a byte order mark"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://example.com/\uFEFF")),
        ["url with a lone surrogate"] = new(HttpStatusCode.BadRequest, "POST", "/links", """{"url": "https://example.com/\ud800"}"""),
        ["url with an invalid international host"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("https://пример..рф/")),
        ["json with an unknown charset"] = new(HttpStatusCode.UnsupportedMediaType, "POST", "/links", Link("https://example.com/"), "application/json; charset=foo"),
        ["json in utf-7"] = new(HttpStatusCode.UnsupportedMediaType, "POST", "/links", Link("https://example.com/"), "application/json; charset=utf-7"),
        ["put with an unknown charset"] = new(HttpStatusCode.UnsupportedMediaType, "PUT", "/links/no-such-link-here", Link("https://example.com/"), "application/json; charset=foo"),
        ["api key with an unknown charset"] = new(HttpStatusCode.UnsupportedMediaType, "POST", "/api-keys", """{"user": "dave"}""", "application/json; charset=x-unknown"),
        ["dlq cursor beyond 64 bits"] = new(HttpStatusCode.BadRequest, "GET", "/worker/dlq?after=99999999999999999999-0"),
        ["dlq cursor in arabic-indic digits"] = new(HttpStatusCode.BadRequest, "GET", "/worker/dlq?after=%D9%A1-%D9%A0"),
        ["dlq cursor ending in a newline"] = new(HttpStatusCode.BadRequest, "GET", "/worker/dlq?after=1-0%0A"),
        ["null in the dlq replay list"] = new(HttpStatusCode.BadRequest, "POST", "/worker/dlq/replay", """{"ids": [null]}"""),
        ["dlq replay id beyond 64 bits"] = new(HttpStatusCode.BadRequest, "POST", "/worker/dlq/replay", """{"ids": ["18446744073709551616-0"]}"""),
        // Found by the fuzz test: the readers look a quoted charset up by its quotes and failed.
        ["truncated json with a quoted charset"] = new(HttpStatusCode.BadRequest, "POST", "/links", "{", "application/json; charset=\"utf-8\""),
        ["json with a quoted charset"] = new(HttpStatusCode.BadRequest, "POST", "/links", Link("javascript:x"), "application/json; charset=\"UTF-8\""),
        ["revoking an unknown key"] = new(HttpStatusCode.NotFound, "DELETE", "/api-keys/shk_nope00"),
        ["promoting a user given as text"] = new(HttpStatusCode.NotFound, "PATCH", "/users/%D9%A1", """{"admin": true}"""),
        ["promoting without saying how"] = new(HttpStatusCode.BadRequest, "PATCH", "/users/1", "{}"),
        ["password post for an unknown link"] = new(HttpStatusCode.NotFound, "POST", "/no-such-link-here", "password=x", "application/x-www-form-urlencoded", Anonymous: true),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    [Fact]
    public void TheTableHoldsAtLeastThirtyHostileInputs() => Assert.True(s_cases.Count >= 30);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AHostileRequestGetsA4xxProblemAndWritesNothing(string name)
    {
        var hostile = s_cases[name];
        var before = await RowCountsAsync();

        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
        if (hostile.Body is not null)
        {
            // Set without validation: some cases send a Content-Type HttpClient itself would refuse.
            request.Content = new StringContent(hostile.Body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            // As a careful client sends a body: a server that refuses it from the headers (the 16 KB limit) answers
            // before the body goes out. Without it the api's early 413 and its closing of the connection could meet
            // the client still writing, which then saw a broken pipe instead of the answer.
            request.Headers.ExpectContinue = true;
        }
        using var response = await (hostile.Anonymous ? app.Anonymous : app.Api).SendAsync(request);

        AssertProblem(response, hostile.Expected);
        Assert.Equal(before, await RowCountsAsync());
    }

    /// <summary>Found by the fuzz test: a client accepting only HTML got 500s where everyone else got a 4xx.</summary>
    [Theory]
    [InlineData("GET", "/links", null, "wrong-key-wrong-key")]
    [InlineData("POST", "/links", "{\"url\": ", null)]
    [InlineData("POST", "/links", "{\"url\": \"https://example.com/\"}", null, "application/json; charset=utf-16")]
    [InlineData("GET", "/links/a/b/c/d", null, null)]
    public async Task ProblemsAreJsonEvenForAClientThatAsksForHtml(string method, string path, string? body, string? key,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await (key is null ? app.Api : app.Anonymous).SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> RowCountsAsync()
    {
        var counts = new List<long>();
        foreach (var table in new[] { "links", "users", "api_keys", "link_changes_outbox" }) counts.Add(await app.CountAsync(table));
        return string.Join(",", counts);
    }
}
