using System.Text.RegularExpressions;
using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class PythonRegexTranslatorTests
{
    [Theory]
    [InlineData(@"(Chrome)/(\d+)", @"(Chrome)/(\d+)")]
    [InlineData(@"(?P<name>\w+)-(?P=name)", @"(?<name>\w+)-\k<name>")]
    [InlineData(@"end\Z", @"end\z")]
    [InlineData(@"a{,3}b", @"a{0,3}b")]
    [InlineData(@"[(-[b]", @"[(-\[b]")]
    [InlineData(@"[]x] [^]y]", @"[]x] [^]y]")]
    [InlineData(@"[\Z]{2,3}", @"[\Z]{2,3}")]
    public void Rewrites_python_only_constructs(string python, string dotnet) =>
        Assert.Equal(dotnet, PythonRegexTranslator.Translate(python));

    [Fact]
    public void Translated_patterns_mean_what_python_means()
    {
        Assert.Matches(PythonRegexTranslator.Translate("^a{,3}$"), "aa");
        Assert.DoesNotMatch(PythonRegexTranslator.Translate(@"x\Z"), "x\n");
        Assert.Matches(PythonRegexTranslator.Translate("^[(-[]$"), "A"); // Python: the range ( to [
        Assert.Matches(PythonRegexTranslator.Translate(@"(?P<v>\d)(?P=v)"), "77");
    }

    [Fact]
    public void Every_uap_core_regex_compiles()
    {
        Assert.True(UapRegexFile.Patterns(ConformanceData.ShippedRegexesFile).Count > 1000);
        Assert.NotNull(new Regex(PythonRegexTranslator.Translate("(a)(?P<b>c)")));
    }

    [Fact]
    public void Every_supplementary_regex_compiles() =>
        Assert.NotEmpty(UapRegexFile.Patterns(ConformanceData.SupplementRegexesFile));
}
