using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>The generated client and the runtime use no reflection-based serialization: a trimmed publish warns about nothing.</summary>
[Collection(nameof(PackageCollection))]
public class TrimTests
{
    private readonly PackageFixture _package;

    public TrimTests(PackageFixture package) => _package = package;

    [Fact]
    public void A_trimmed_publish_of_an_app_using_the_client_has_no_trim_warnings_and_runs()
    {
        string output = Path.Combine(_package.Root, "trimmed");
        // The trimmer is incremental: on a rerun with unchanged inputs it is skipped and says nothing, warnings included.
        PackageFixture.ForgetIntermediate(_package.RepoRoot, "tests/FlexCodegen.TrimCheck/obj/Release/net10.0/linux-x64/linked");
        string log = PackageFixture.Run(_package.RepoRoot, "dotnet", $"publish tests/FlexCodegen.TrimCheck/FlexCodegen.TrimCheck.csproj -c Release -o \"{output}\"");

        Assert.Contains("Optimizing assemblies for size", log); // the trimmer really ran
        var warnings = log.Split('\n').Where(l => Regex.IsMatch(l, @"\bIL[23]\d{3}\b")).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim warnings:\n" + string.Join("\n", warnings));

        string run = PackageFixture.Run(output, Path.Combine(output, "FlexCodegen.TrimCheck"), "");
        Assert.Contains("Routing=%7B%22status%22%3A%22closed%22%7D&Status=inactive active", run);
        Assert.Contains("transport-error", run); // a request went through the pipeline (and its logging path) in the trimmed app
    }
}
