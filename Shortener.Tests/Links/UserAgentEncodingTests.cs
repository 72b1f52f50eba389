using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Links;

/// <summary>User-Agent bytes as clients really send them: UTF-8 is read as UTF-8, bytes that are not UTF-8 as Latin-1.</summary>
[Collection(LinksCollection.Name)]
public sealed class UserAgentEncodingTests(LinksFixture app)
{
    [Theory]
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xC3, 0xA9, 0x2F, 0x31 }, "café/1")] // UTF-8
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x2F, 0x32 }, "café/2")] // Latin-1: not valid UTF-8
    [InlineData(new byte[] { 0xE2, 0x98, 0x83, 0x20, 0x73, 0x6E, 0x6F, 0x77 }, "☃ snow")]
    public async Task TheUserAgentIsStoredAsTheClientWroteIt(byte[] agent, string expected)
    {
        var link = await app.CreateLinkAsync("https://example.com/agent");
        var status = await RawGetAsync($"/{link.Slug}", agent);
        Assert.Equal(302, status);

        await app.WaitForStoredClicksAsync(link.Id, 1);
        await using var conn = await app.OpenDatabaseAsync();
        Assert.Equal(expected, await conn.ExecuteScalarAsync<string>("SELECT user_agent FROM clicks WHERE link_id = @id", new { id = link.Id }));
    }

    /// <summary>HttpClient writes header values as Latin-1 or refuses them; the exact bytes need a socket.</summary>
    private async Task<int> RawGetAsync(string path, byte[] userAgent)
    {
        var uri = app.Anonymous.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var head = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\nUser-Agent: ");
        await stream.WriteAsync(head.Concat(userAgent).Concat("\r\n\r\n"u8.ToArray()).ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1]);
    }
}
