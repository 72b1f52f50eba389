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
        if (hostile.Body is not null) request.Content = new StringContent(hostile.Body, Encoding.UTF8, hostile.ContentType);
        using var response = await (hostile.Anonymous ? app.Anonymous : app.Api).SendAsync(request);

        AssertProblem(response, hostile.Expected);
        Assert.Equal(before, await RowCountsAsync());
    }

    private async Task<string> RowCountsAsync()
    {
        var counts = new List<long>();
        foreach (var table in new[] { "links", "users", "api_keys", "link_changes_outbox" }) counts.Add(await app.CountAsync(table));
        return string.Join(",", counts);
    }
}
