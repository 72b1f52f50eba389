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
    [InlineData("77.88.55.242", "RU")]       // yandex.ru
    [InlineData("2a02:6b8::2:242", "RU")]    // yandex.ru over IPv6
    [InlineData("80.67.169.12", "FR")]       // French Data Network's public resolver
    [InlineData("85.214.0.1", "DE")]         // Strato, Berlin
    [InlineData("81.2.69.142", "GB")]        // Andrews & Arnold
    [InlineData("202.12.27.33", "JP")]       // M root server (WIDE Project)
    [InlineData("139.130.4.5", "AU")]        // Telstra
    [InlineData("168.126.63.1", "KR")]       // KT's public resolver
    [InlineData("101.101.101.101", "TW")]    // TWNIC Quad101
    [InlineData("114.114.114.114", "CN")]    // 114DNS
    [InlineData("200.40.30.245", "UY")]      // ANTEL
    [InlineData("156.154.70.1", "US")]       // UltraDNS
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
