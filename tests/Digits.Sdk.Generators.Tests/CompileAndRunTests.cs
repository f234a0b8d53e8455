using System.Reflection;
using Digits.Sdk.Generators.Tests.Infrastructure;
using Digits.Sdk.Modeling;
using Microsoft.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// Compiles each reference network with the generator as a user's build would, loads the assembly and runs
/// it with TorchSharp: the shapes and parameter counts the generator inferred must be what libtorch does.
/// </summary>
public sealed class CompileAndRunTests
{
    private const int BatchSize = 3;

    [Theory]
    [MemberData(nameof(Networks.Names), MemberType = typeof(Networks))]
    public void The_network_compiles_without_warnings_and_runs_with_the_inferred_shapes(string name)
    {
        var type = CompileNetwork(name);

        using var scope = NewDisposeScope();
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
        var architecture = ((INetwork)network).Architecture;
        Assert.Same(architecture, type.GetProperty("Architecture", BindingFlags.Public | BindingFlags.Static)!.GetValue(null));
        network.eval();

        var input = randn(architecture.Input.WithBatch(BatchSize));
        var output = network.call(input);

        Assert.Equal(architecture.Output.WithBatch(BatchSize), output.shape);
        Assert.Equal(architecture.Classes, architecture.Output[0]);
    }

    [Theory]
    [MemberData(nameof(Networks.Names), MemberType = typeof(Networks))]
    public void Every_layer_is_a_registered_module_with_the_described_shapes_and_parameters(string name)
    {
        var type = CompileNetwork(name);

        using var scope = NewDisposeScope();
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
        var architecture = ((INetwork)network).Architecture;
        network.eval();

        var children = network.named_children().ToDictionary(child => child.name, child => child.module);
        Assert.Equal(architecture.Layers.Select(layer => layer.Name).Order(), children.Keys.Order());

        var x = randn(architecture.Input.WithBatch(BatchSize));
        foreach (var layer in architecture.Layers)
        {
            var module = (nn.Module<Tensor, Tensor>)children[layer.Name];
            Assert.Equal(layer.Input.WithBatch(BatchSize), x.shape);
            x = module.call(x);
            Assert.True(layer.Output.WithBatch(BatchSize).SequenceEqual(x.shape), $"{layer.Name}: described {layer.Output}, libtorch gives [{string.Join(", ", x.shape.Skip(1))}]");

            var parameters = module.parameters().Sum(parameter => parameter.numel());
            Assert.True(layer.ParameterCount == parameters, $"{layer.Name}: described {layer.ParameterCount} parameters, TorchSharp has {parameters}");
        }

        Assert.Equal(architecture.ParameterCount, network.parameters().Sum(parameter => parameter.numel()));
        Assert.All(network.named_parameters(), parameter => Assert.Contains(parameter.name.Split('.')[0], children.Keys));
    }

    [Theory]
    [MemberData(nameof(Networks.Names), MemberType = typeof(Networks))]
    public void Forward_computes_the_declared_layers_in_order_with_the_same_gradients(string name)
    {
        // forward may lay images out channels-last and run monotonic activations after max pooling (ForwardPlan);
        // calling the layers one by one in their declared order on NCHW tensors is the reference it must equal.
        var type = CompileNetwork(name);

        using var scope = NewDisposeScope();
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
        var architecture = ((INetwork)network).Architecture;
        var children = network.named_children().ToDictionary(child => child.name, child => (nn.Module<Tensor, Tensor>)child.module);
        network.eval(); // dropout off, so both passes compute the same function
        random.manual_seed(5);
        var input = randn(architecture.Input.WithBatch(BatchSize));
        var outputWeights = randn(architecture.Output.WithBatch(BatchSize));

        var (declared, declaredGradients) = ValueAndGradients(network, input, outputWeights, x => architecture.Layers.Aggregate(x, (y, layer) => children[layer.Name].call(y)));
        var (generated, generatedGradients) = ValueAndGradients(network, input, outputWeights, network.call);

        Assert.True(generated.allclose(declared, rtol: 1e-4, atol: 1e-6), $"{name}: largest difference {(generated - declared).abs().max().item<float>()}");
        Assert.Equal(declaredGradients.Keys, generatedGradients.Keys);
        foreach (var (parameter, gradient) in declaredGradients)
        {
            Assert.True(generatedGradients[parameter].allclose(gradient, rtol: 1e-4, atol: 1e-6), $"{name}: gradient of {parameter} differs by up to {(generatedGradients[parameter] - gradient).abs().max().item<float>()}");
        }
    }

    /// <summary>The output of <paramref name="forward"/> and the gradients of the input and every parameter for a weighted sum of it.</summary>
    private static (Tensor Output, Dictionary<string, Tensor> Gradients) ValueAndGradients(nn.Module<Tensor, Tensor> network, Tensor input, Tensor outputWeights, Func<Tensor, Tensor> forward)
    {
        network.zero_grad();
        var x = input.detach().clone().requires_grad_(true);
        var output = forward(x);
        (output * outputWeights).sum().backward();
        var gradients = network.named_parameters().ToDictionary(parameter => parameter.name, parameter => parameter.parameter.grad!.clone());
        gradients["input"] = x.grad!.clone();
        return (output.detach(), gradients);
    }

    /// <summary>Compiles one network in its own assembly and returns its generated type.</summary>
    internal static Type CompileNetwork(string name)
    {
        var compilation = GeneratorRun.Compilation($"Network{name}", Networks.All[name]);
        var (result, output) = GeneratorRun.Run(compilation);
        Assert.Empty(result.Diagnostics);

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(emitted.Success);

        var assembly = Assembly.Load(image.ToArray());
        return assembly.GetTypes().Single(type => type.Name == name);
    }
}
