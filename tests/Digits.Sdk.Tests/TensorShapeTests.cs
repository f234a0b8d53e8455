using Digits.Sdk.Modeling;

namespace Digits.Sdk.Tests;

public sealed class TensorShapeTests
{
    [Fact]
    public void Shapes_with_the_same_dimensions_are_equal()
    {
        Assert.Equal(new TensorShape(1, 28, 28), new TensorShape(1, 28, 28));
        Assert.NotEqual(new TensorShape(1, 28, 28), new TensorShape(28, 28, 1));
    }

    [Fact]
    public void A_shape_prints_like_a_list_and_counts_its_elements()
    {
        var shape = new TensorShape(1, 28, 28);

        Assert.Equal("[1, 28, 28]", shape.ToString());
        Assert.Equal(784, shape.ElementCount);
        Assert.Equal([64L, 1, 28, 28], shape.WithBatch(64));
    }

    [Fact]
    public void A_shape_rejects_a_dimension_that_is_not_positive()
    {
        var error = Assert.Throws<ArgumentException>(() => new TensorShape(1, 0, 28));

        Assert.Contains("[1, 0, 28]", error.Message);
    }
}
