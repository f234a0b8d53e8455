using Digits.Sdk.Generators.Tests.Infrastructure;

namespace Digits.Sdk.Generators.Tests;

public sealed class GeneratorLoadsTests
{
    [Fact]
    public void A_project_without_networks_gets_no_files_and_no_diagnostics()
    {
        var (result, output) = GeneratorRun.Run("/// <summary>Not a network.</summary>\npublic sealed class Plain { }");

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics());
    }
}
