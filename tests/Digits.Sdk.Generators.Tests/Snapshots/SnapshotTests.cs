using Digits.Sdk.Generators.Tests.Infrastructure;

namespace Digits.Sdk.Generators.Tests.Snapshots;

/// <summary>The generated source of each reference network, compared with its reviewed snapshot.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Logistic_regression() => Verify(Networks.LogisticRegression);

    [Fact]
    public void Multi_layer_perceptron() => Verify(Networks.Mlp);

    [Fact]
    public void LeNet5_in_a_block_namespace() => Verify(Networks.LeNet5);

    [Fact]
    public void Convolutional_network_of_the_issue() => Verify(Networks.MnistCnn);

    [Fact]
    public void Rbf_svm_with_random_fourier_features() => Verify(Networks.RffSvm);

    [Fact]
    public void Every_activation() => Verify(Networks.EveryActivation);

    [Fact]
    public void Every_layer_option_in_the_global_namespace() => Verify(Networks.EveryOption);

    [Fact]
    public void Monotonic_activations_run_after_max_pooling() => Verify(Networks.ActivationsBeforePooling);

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var (result, _) = GeneratorRun.Run(source);
        Assert.Empty(result.Diagnostics);
        Snapshot.Verify(GeneratorRun.SingleSource(result), testMethod: testMethod);
    }
}
