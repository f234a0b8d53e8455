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

    [Fact]
    public void A_network_with_a_shape_error_gets_members_that_throw()
    {
        var (result, _) = GeneratorRun.Run("""
            using Digits.Sdk.Modeling;

            namespace Samples;

            /// <summary>A 5×5 kernel on a 3×3 image: DGT008.</summary>
            [Network(InputShape = new[] { 1, 3, 3 }, Classes = 10)]
            [Conv2d(8, Kernel = 5), Flatten, Linear(10)]
            public partial class Tiny;
            """);

        Assert.Equal(["DGT008"], result.Diagnostics.Select(d => d.Id));
        Snapshot.Verify(GeneratorRun.SingleSource(result));
    }

    [Fact]
    public void A_nested_generic_network_with_errors_is_reopened_inside_its_containing_types()
    {
        var (result, _) = GeneratorRun.Run("""
            using Digits.Sdk.Modeling;

            namespace Samples;

            /// <summary>Holds a network, which DGT003 forbids.</summary>
            public static partial class Holder<TKey>
            {
                /// <summary>Nested and generic (DGT003), and one class short (DGT009).</summary>
                [Network(InputShape = new[] { 4 }, Classes = 2)]
                [Linear(3)]
                public partial class Inner<TValue>;
            }
            """);

        Assert.Equal(["DGT003", "DGT009"], result.Diagnostics.Select(d => d.Id));
        Assert.Equal("Samples.Holder`1+Inner`1.g.cs", Assert.Single(result.GeneratedSources).HintName);
        Snapshot.Verify(GeneratorRun.SingleSource(result));
    }

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var (result, _) = GeneratorRun.Run(source);
        Assert.Empty(result.Diagnostics);
        Snapshot.Verify(GeneratorRun.SingleSource(result), testMethod: testMethod);
    }
}
