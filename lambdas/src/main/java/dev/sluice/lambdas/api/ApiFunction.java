package dev.sluice.lambdas.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.lambdas.http.Router;
import java.util.List;

/** One API Lambda function: an API Gateway event in, its routes' response out. */
public abstract class ApiFunction
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Router router;

    protected ApiFunction(List<Route> routes) {
        this.router = new Router(routes);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handle(ApiRequest.from(event)).toEvent();
    }

    public ApiResponse handle(ApiRequest request) {
        return router.handle(request);
    }

    public Router router() {
        return router;
    }
}
