using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Modeling;

public sealed class TensorLayoutTests
{
    [Fact]
    public void A_single_channel_batch_becomes_a_channels_last_view_of_the_same_memory()
    {
        using var scope = NewDisposeScope();
        var batch = randn(4, 1, 5, 6);

        var laidOut = TensorLayout.ToChannelsLast(batch);

        Assert.True(TensorLayout.IsChannelsLast(laidOut));
        Assert.False(TensorLayout.IsChannelsLast(batch));
        Assert.Equal(batch.shape, laidOut.shape);
        Assert.True(laidOut.eq(batch).all().item<bool>());
        laidOut[2, 0, 3, 4] = tensor(100f);
        Assert.Equal(100f, batch[2, 0, 3, 4].item<float>());
    }

    [Fact]
    public void A_batch_sliced_from_a_larger_tensor_keeps_its_own_images()
    {
        // Training batches are slices of the whole data set: the view must start where the slice starts.
        using var scope = NewDisposeScope();
        var images = arange(10 * 3 * 4, dtype: float32).reshape(10, 1, 3, 4);
        var slice = images.narrow(0, 6, 3);

        var laidOut = TensorLayout.ToChannelsLast(slice);

        Assert.True(TensorLayout.IsChannelsLast(laidOut));
        Assert.True(laidOut.eq(images[6..9]).all().item<bool>());
    }

    [Fact]
    public void A_multi_channel_batch_is_copied_channels_last_with_the_same_values()
    {
        using var scope = NewDisposeScope();
        var batch = randn(2, 3, 4, 5);

        var laidOut = TensorLayout.ToChannelsLast(batch);

        Assert.True(TensorLayout.IsChannelsLast(laidOut));
        Assert.Equal([60L, 1, 15, 3], laidOut.stride());
        Assert.True(laidOut.eq(batch).all().item<bool>());
    }

    [Fact]
    public void Vectors_and_channels_last_batches_are_returned_as_they_are()
    {
        using var scope = NewDisposeScope();
        var vectors = randn(4, 784);
        var laidOut = TensorLayout.ToChannelsLast(randn(2, 3, 4, 5));

        Assert.Same(vectors, TensorLayout.ToChannelsLast(vectors));
        Assert.Same(laidOut, TensorLayout.ToChannelsLast(laidOut));
    }

    [Fact]
    public void Turned_off_the_layout_is_left_to_the_caller()
    {
        using var scope = NewDisposeScope();
        var batch = randn(4, 1, 28, 28);
        try
        {
            TensorLayout.ChannelsLastOnCpu = false;
            Assert.Same(batch, TensorLayout.ToChannelsLast(batch));
        }
        finally
        {
            TensorLayout.ChannelsLastOnCpu = true;
        }
    }

    [Fact]
    public void A_generated_convolutional_network_computes_channels_last_activations()
    {
        using var scope = NewDisposeScope();
        using var network = ModelZoo.Get("FastCnn").Create();
        var firstConvolution = (nn.Module<Tensor, Tensor>)network.named_children().First().module;

        var activations = firstConvolution.call(TensorLayout.ToChannelsLast(randn(8, 1, 28, 28)));

        Assert.True(TensorLayout.IsChannelsLast(activations), $"strides [{string.Join(", ", activations.stride())}]");
    }

    [Fact]
    public void A_training_step_of_FastCnn_is_the_same_channels_last_as_in_NCHW()
    {
        // Batch norm in training mode, max pooling and their backward passes, as the trainer runs them.
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var images = randn(16, 1, 28, 28);
        var labels = randint(0, 10, [16]);

        var (channelsLastLoss, channelsLastGradients) = LossAndGradients(images, labels);
        Dictionary<string, Tensor> nchwGradients;
        float nchwLoss;
        try
        {
            TensorLayout.ChannelsLastOnCpu = false;
            (nchwLoss, nchwGradients) = LossAndGradients(images, labels);
        }
        finally
        {
            TensorLayout.ChannelsLastOnCpu = true;
        }

        Assert.Equal(nchwLoss, channelsLastLoss, 1e-5f);
        foreach (var (name, gradient) in nchwGradients)
        {
            Assert.True(channelsLastGradients[name].allclose(gradient, rtol: 1e-3, atol: 1e-5), $"{name} differs by up to {(channelsLastGradients[name] - gradient).abs().max().item<float>()}");
        }
    }

    private static (float Loss, Dictionary<string, Tensor> Gradients) LossAndGradients(Tensor images, Tensor labels)
    {
        random.manual_seed(42);
        using var network = ModelZoo.Get("FastCnn").Create();
        network.train();
        var loss = nn.functional.cross_entropy(network.call(images), labels);
        loss.backward();
        return (loss.item<float>(), network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone()));
    }
}
