// Starts the API browser on this service's own OpenAPI document. Loaded from this service, like
// Swagger UI itself, so the page needs nothing from the network and runs under a strict CSP.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
