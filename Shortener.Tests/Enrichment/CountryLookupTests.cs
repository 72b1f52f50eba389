using Shortener.Core.Enrichment.Geo;

namespace Shortener.Tests.Enrichment;

public sealed class CountryLookupTests : IDisposable
{
    private readonly CountryLookup _lookup = CountryLookup.Open(null);

    [Theory]
    [InlineData("8.8.8.8", "US")]            // Google Public DNS
    [InlineData("193.0.6.139", "NL")]        // RIPE NCC, Amsterdam
    [InlineData("200.160.2.3", "BR")]        // registro.br
    [InlineData("133.11.0.1", "JP")]         // University of Tokyo
    [InlineData("2001:67c:2e8:22::c100:68b", "NL")] // ripe.net over IPv6
    [InlineData("::ffff:8.8.8.8", "US")]     // IPv4 mapped into IPv6, as Kestrel reports it on dual-stack sockets
    public void PublicAddressesResolveToTheirCountry(string ip, string country) => Assert.Equal(country, _lookup.Find(ip));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.10")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.1.1")]
    [InlineData("203.0.113.9")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("not an ip")]
    [InlineData(null)]
    public void PrivateReservedAndMissingAddressesStayUnknown(string? ip) => Assert.Null(_lookup.Find(ip));

    [Fact]
    public void TheBundledDatabaseIsDbIpLite() => Assert.Equal("dbip-country.mmdb", _lookup.Source);

    public void Dispose() => _lookup.Dispose();
}
