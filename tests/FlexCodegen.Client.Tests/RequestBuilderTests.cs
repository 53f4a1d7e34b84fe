using System;
using System.Linq;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

public class RequestBuilderTests
{
    [Fact]
    public void A_missing_required_field_is_named()
    {
        var ex = Assert.Throws<RequestValidationException>(() => UpdateInteractionChannelRequest.CreateBuilder().Build());
        Assert.Equal("UpdateInteractionChannelRequest", ex.RequestType);
        var v = Assert.Single(ex.Violations);
        Assert.Equal("Status", v.Field);
        Assert.Contains("Status: required, but not set", ex.Message);
        Assert.Contains("nothing was sent", ex.Message);
    }

    [Fact]
    public void An_unlisted_enum_value_builds_and_keeps_its_text()
    {
        // The constructor's promise: a value newer than this client can be sent.
        var request = UpdateInteractionChannelRequest.CreateBuilder().WithStatus(new InteractionChannelUpdateChannelStatus("paused")).Build();
        Assert.Equal("paused", request.Status.ToString());
        Assert.False(request.Status.IsKnown);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_empty_enum_value_is_refused_naming_the_known_values(bool useDefault)
    {
        var empty = useDefault ? default : new InteractionChannelUpdateChannelStatus("");
        var ex = Assert.Throws<RequestValidationException>(() => UpdateInteractionChannelRequest.CreateBuilder().WithStatus(empty).Build());
        var v = Assert.Single(ex.Violations);
        Assert.Equal("Status", v.Field);
        Assert.Contains("Status: must be a value, not empty: one of closed, inactive, or a newer one by its wire text", ex.Message);
    }

    [Fact]
    public void Every_violation_is_listed_at_once()
    {
        var ex = Assert.Throws<RequestValidationException>(() => CreateInteractionRequest.CreateBuilder()
            .WithInteractionContextSid(default(InteractionContextSid))
            .Build());
        Assert.Contains(ex.Violations, v => v.Field == "Channel" && v.Rule.Contains("required"));
        Assert.Contains(ex.Violations, v => v.Field == "InteractionContextSid" && v.Rule.Contains("not default(InteractionContextSid)"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Page_size_is_range_checked_before_sending(long size)
    {
        var ex = Assert.Throws<RequestValidationException>(() => ListInteractionChannelRequest.CreateBuilder().WithPageSize(size).Build());
        Assert.Equal("PageSize", ex.Violations.Single().Field);
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public void A_valid_request_is_immutable_and_can_be_rebuilt()
    {
        var first = UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build();
        var second = first.ToBuilder().WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed }).Build();
        Assert.Equal(InteractionChannelUpdateChannelStatus.Closed, second.Status);
        Assert.Null(first.Routing);
        Assert.Equal(InteractionRoutingStatus.Closed, second.Routing!.Status);
    }
}
