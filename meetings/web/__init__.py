"""The pages: views, forms and presenters of the browser face."""
