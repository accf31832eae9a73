resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat-prod"
  cognitive_account_id = azurerm_cognitive_account.main.id
  model {
    format  = "OpenAI"
    name    = "gpt-5.2"
    version = "2025-12-11"
  }
}

variable "fallback_model" {
  default = "gpt-4o"
}
