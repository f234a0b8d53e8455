using Digits.Sdk.Native;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Native;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void TorchSharp_loads_in_a_project_built_with_the_SDK()
    {
        TorchRuntime.EnsureAvailable();

        Assert.True(TorchRuntime.IsAvailable);
    }

    [Fact]
    public void An_unpatched_library_on_an_old_libstdcxx_is_explained_with_the_missing_version_and_the_fix()
    {
        using var folder = new TemporaryFolder();
        File.Copy(BuildEnvironment.PristineLibTorchSharp, folder.File("libLibTorchSharp.so"));

        var explanation = TorchRuntime.Explain(folder.Path);

        Assert.Contains("GLIBCXX_3.4.32", explanation);
        Assert.Contains("libstdc++", explanation);
        Assert.Contains("rebuild", explanation);
    }

    [Fact]
    public void A_missing_native_library_is_explained_as_missing()
    {
        using var folder = new TemporaryFolder();

        var explanation = TorchRuntime.Explain(folder.Path);

        Assert.Contains("is not in", explanation);
        Assert.Contains("TorchSharp-cpu", explanation);
    }
}
