using System.Text.RegularExpressions;
using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class ReplacementTemplateTests
{
    private static readonly Match Sample = Regex.Match("x Odys PEDI  y", @"(Odys) (PEDI)(Q)?( )");

    [Theory]
    [InlineData("$1", "Odys")]
    [InlineData("Tablet $1 $2", "Tablet Odys PEDI")]
    [InlineData("$2$3$4", "PEDI")]          // unmatched group → empty; trailing space trimmed
    [InlineData("$9", null)]                // no such group → empty → null
    [InlineData("  Constant  ", "Constant")]
    [InlineData("$3", null)]                // group that did not take part
    [InlineData("Cost $", "Cost $")]        // a lone '$' is literal
    public void Expands_groups_trims_and_maps_empty_to_null(string template, string? expected) =>
        Assert.Equal(expected, ReplacementTemplate.Parse(template).Expand(Sample));

    [Fact]
    public void Default_group_reference_returns_the_group_text() =>
        Assert.Equal("PEDI", ReplacementTemplate.Group(2).Expand(Sample));
}
